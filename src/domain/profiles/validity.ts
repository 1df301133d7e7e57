import type { EnrollmentReason, ProfileStatus } from '../values/enums.js';

export interface ProfileFacts {
  dateOfBirth: string;
  enrollmentReason: EnrollmentReason;
  enrollmentNotes: string | null;
  currency: string;
  status: ProfileStatus;
  dateOfDeath: string | null;
  metadata: Record<string, unknown> | null;
}

const OLDEST_YEARS = 130;
export const METADATA_MAX_BYTES = 8 * 1024;

/**
 * The first business-rule problem of a profile as it would be stored, as a client-facing message,
 * or undefined when it is valid (api.md §5.1). `today` is YYYY-MM-DD; currencies are ISO 4217 codes.
 */
export function findProfileProblem(
  p: ProfileFacts,
  today: string,
  currencies: ReadonlySet<string>,
): string | undefined {
  const oldest = `${String(Number(today.slice(0, 4)) - OLDEST_YEARS).padStart(4, '0')}${today.slice(4)}`;
  if (p.dateOfBirth >= today || p.dateOfBirth < oldest)
    return 'date_of_birth must be a real date in the past';
  if (p.enrollmentReason === 'OTHER' && (p.enrollmentNotes === null || p.enrollmentNotes.trim() === '')) {
    return 'enrollment_notes is required when enrollment_reason is OTHER';
  }
  if (!currencies.has(p.currency)) return 'currency must be an ISO 4217 code';
  if (p.dateOfDeath !== null) {
    // A deceased customer's profile may later be CLOSED: the date of death stays on it.
    if (p.status !== 'DECEASED' && p.status !== 'CLOSED')
      return 'date_of_death is only allowed with status DECEASED';
    if (p.dateOfDeath > today) return 'date_of_death must not be in the future';
    if (p.dateOfDeath < p.dateOfBirth) return 'date_of_death must not be before date_of_birth';
  }
  if (
    p.metadata !== null &&
    new TextEncoder().encode(JSON.stringify(p.metadata)).length > METADATA_MAX_BYTES
  ) {
    return 'metadata must be at most 8 KiB';
  }
  return undefined;
}
