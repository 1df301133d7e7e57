import type { Persona } from './persona.js';
import { isoDay } from './time.js';
import type { WireProfile } from './wire.js';

/** The profile as the bank enrolls it (api.md §5.1); a deceased customer carries status and date of death. */
export function toWireProfile(persona: Persona): WireProfile {
  return {
    customer_id: persona.customerId,
    customer_name: persona.fullName,
    date_of_birth: persona.dateOfBirth,
    enrollment_reason: persona.enrollmentReason,
    ...(persona.enrollmentNotes === undefined ? {} : { enrollment_notes: persona.enrollmentNotes }),
    currency: 'USD',
    ...(persona.trustedContact === undefined ? {} : { trusted_contact: { ...persona.trustedContact } }),
    ...(persona.deathMs === undefined ? {} : { status: 'DECEASED', date_of_death: isoDay(persona.deathMs) }),
  };
}
