import { describe, expect, test } from 'vitest';
import { transitionProfileStatus } from './profile-status.js';
import { PROFILE_STATUSES, type ProfileStatus } from '../values/enums.js';

const ALLOWED = new Set([
  'ACTIVE>SUSPENDED',
  'ACTIVE>CLOSED',
  'ACTIVE>DECEASED',
  'SUSPENDED>ACTIVE',
  'SUSPENDED>CLOSED',
  'SUSPENDED>DECEASED',
  'CLOSED>ACTIVE',
  'CLOSED>DECEASED',
  'DECEASED>CLOSED',
]);

const pairs = PROFILE_STATUSES.flatMap((from) =>
  PROFILE_STATUSES.map((to) => [from, to] as [ProfileStatus, ProfileStatus]),
);

describe('transitionProfileStatus()', () => {
  test.each(pairs)('%s to %s follows the table of api.md §5.1', (from, to) => {
    const outcome = transitionProfileStatus(from, to);
    if (from === to) expect(outcome).toEqual({ ok: true, changed: false });
    else if (ALLOWED.has(`${from}>${to}`)) expect(outcome).toEqual({ ok: true, changed: true });
    else expect(outcome).toEqual({ ok: false, reason: 'TRANSITION_NOT_ALLOWED', from, to });
  });
});
