import type { ProfileStatus } from '../values/enums.js';

/** Allowed profile status changes (api.md §5.1); anything not listed is refused. */
const ALLOWED: Record<ProfileStatus, readonly ProfileStatus[]> = {
  ACTIVE: ['SUSPENDED', 'CLOSED', 'DECEASED'],
  SUSPENDED: ['ACTIVE', 'CLOSED', 'DECEASED'],
  CLOSED: ['ACTIVE', 'DECEASED'],
  DECEASED: ['CLOSED'],
};

export type StatusTransition =
  | { ok: true; changed: boolean }
  | { ok: false; reason: 'TRANSITION_NOT_ALLOWED'; from: ProfileStatus; to: ProfileStatus };

/** Decides a profile status change; setting the current status again is allowed and changes nothing. */
export function transitionProfileStatus(from: ProfileStatus, to: ProfileStatus): StatusTransition {
  if (from === to) return { ok: true, changed: false };
  return ALLOWED[from].includes(to)
    ? { ok: true, changed: true }
    : { ok: false, reason: 'TRANSITION_NOT_ALLOWED', from, to };
}
