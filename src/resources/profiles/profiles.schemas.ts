import { Type, type Static } from 'typebox';
import {
  DateOnly,
  ListQuery,
  literalUnion,
  Metadata,
  Nullable,
  Page,
  Timestamp,
  Uuid,
} from '../../api/schemas.js';
import {
  BASELINE_STATUSES,
  ENROLLMENT_REASONS,
  PROFILE_STATUSES,
  RISK_LEVELS,
} from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { ProfileInput, ProfilePatch, ProfileView } from './profile.js';

const CustomerName = Type.String({ minLength: 1, maxLength: 200 });
const EnrollmentReason = literalUnion(ENROLLMENT_REASONS, { description: 'Why the customer is enrolled' });
const EnrollmentNotes = Type.String({
  maxLength: 2000,
  description: 'Required when enrollment_reason is OTHER',
});
const Currency = Type.String({
  pattern: '^[A-Z]{3}$',
  maxLength: 3,
  'x-message': 'must be an ISO 4217 code',
  description: 'ISO 4217',
});
const ProfileStatus = literalUnion(PROFILE_STATUSES);
const TrustedContact = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    relationship: Type.Optional(Type.String({ maxLength: 100 })),
    phone: Type.Optional(Type.String({ maxLength: 40 })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  },
  { additionalProperties: false, description: 'Person the bank may contact about suspected exploitation' },
);
const DateOfDeath = Type.String({
  ...DateOnly,
  description: 'Only with status DECEASED (default: the day of the transition)',
});

export const ProfileParams = Type.Object({ profile_id: Uuid });

// Required fields first, in the order api.md §5.1 lists them: validation reports them in this order.
export const CreateProfileBody = Type.Object(
  {
    customer_id: Type.String({
      minLength: 1,
      maxLength: 128,
      description: "The bank's customer ID, unique per environment",
    }),
    customer_name: CustomerName,
    date_of_birth: DateOnly,
    enrollment_reason: EnrollmentReason,
    enrollment_notes: Type.Optional(EnrollmentNotes),
    currency: Type.Optional(Currency),
    trusted_contact: Type.Optional(TrustedContact),
    status: Type.Optional(ProfileStatus),
    date_of_death: Type.Optional(DateOfDeath),
    metadata: Type.Optional(Metadata),
  },
  { additionalProperties: false, title: 'CreateProfile' },
);
export type CreateProfileBody = Static<typeof CreateProfileBody>;

export const UpdateProfileBody = Type.Object(
  {
    customer_name: Type.Optional(CustomerName),
    enrollment_reason: Type.Optional(EnrollmentReason),
    enrollment_notes: Type.Optional(Nullable(EnrollmentNotes)),
    currency: Type.Optional(Currency),
    trusted_contact: Type.Optional(Nullable(TrustedContact)),
    status: Type.Optional(ProfileStatus),
    date_of_death: Type.Optional(Nullable(DateOfDeath)),
    metadata: Type.Optional(Nullable(Metadata)),
  },
  { additionalProperties: false, title: 'UpdateProfile' },
);
export type UpdateProfileBody = Static<typeof UpdateProfileBody>;

export const ListProfilesQuery = Type.Object(
  {
    status: Type.Optional(ProfileStatus),
    customer_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    risk_level: Type.Optional(literalUnion(RISK_LEVELS)),
    enrollment_reason: Type.Optional(EnrollmentReason),
    ...ListQuery,
  },
  { additionalProperties: false },
);
export type ListProfilesQuery = Static<typeof ListProfilesQuery>;

export const ProfileResponse = Type.Object(
  {
    id: Uuid,
    customer_id: Type.String(),
    customer_name: Type.String(),
    date_of_birth: DateOnly,
    age: Type.Integer({ description: 'Whole years today, derived from date_of_birth' }),
    enrollment_reason: EnrollmentReason,
    enrollment_notes: Type.Union([Type.String(), Type.Null()]),
    currency: Type.String(),
    status: ProfileStatus,
    status_changed_at: Timestamp,
    date_of_death: Type.Union([DateOnly, Type.Null()]),
    trusted_contact: Type.Union([TrustedContact, Type.Null()]),
    risk_score: Type.Number({ minimum: 0, maximum: 1 }),
    risk_level: literalUnion(RISK_LEVELS),
    open_signal_count: Type.Integer({ minimum: 0 }),
    baseline_status: literalUnion(BASELINE_STATUSES),
    metadata: Type.Union([Metadata, Type.Null()]),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Profile' },
);
export const ProfilePage = Page(ProfileResponse, 'ProfilePage');

// The wire form of frozen (shared) views, built once per view: GET answers repeat reads with it.
const sharedJson = new WeakMap<Readonly<ProfileView>, ReturnType<typeof buildProfileJson>>();

export function toProfileJson(p: Readonly<ProfileView>) {
  if (!Object.isFrozen(p)) return buildProfileJson(p);
  let json = sharedJson.get(p);
  if (!json) {
    json = Object.freeze(buildProfileJson(p));
    sharedJson.set(p, json);
  }
  return json;
}

function buildProfileJson(p: Readonly<ProfileView>) {
  return {
    id: p.id,
    customer_id: p.customerId,
    customer_name: p.customerName,
    date_of_birth: p.dateOfBirth,
    age: p.age,
    enrollment_reason: p.enrollmentReason,
    enrollment_notes: p.enrollmentNotes,
    currency: p.currency,
    status: p.status,
    status_changed_at: isoTimestamp(p.statusChangedAtMs),
    date_of_death: p.dateOfDeath,
    trusted_contact: p.trustedContact,
    risk_score: Math.round(p.riskScore * 10_000) / 10_000,
    risk_level: p.riskLevel,
    open_signal_count: p.openSignalCount,
    baseline_status: p.baselineStatus,
    metadata: p.metadata,
    created_at: isoTimestamp(p.createdAtMs),
    updated_at: isoTimestamp(p.updatedAtMs),
  };
}

export function toProfileInput(body: CreateProfileBody): ProfileInput {
  return {
    customerId: body.customer_id,
    customerName: body.customer_name,
    dateOfBirth: body.date_of_birth,
    enrollmentReason: body.enrollment_reason,
    enrollmentNotes: body.enrollment_notes ?? null,
    currency: body.currency ?? 'USD',
    status: body.status ?? 'ACTIVE',
    dateOfDeath: body.date_of_death ?? null,
    trustedContact: body.trusted_contact ?? null,
    metadata: body.metadata ?? null,
  };
}

/** Only the fields present in the body: absent means unchanged, null means cleared. */
export function toProfilePatch(body: UpdateProfileBody): ProfilePatch {
  const patch: ProfilePatch = {};
  if (body.customer_name !== undefined) patch.customerName = body.customer_name;
  if (body.enrollment_reason !== undefined) patch.enrollmentReason = body.enrollment_reason;
  if (body.enrollment_notes !== undefined) patch.enrollmentNotes = body.enrollment_notes;
  if (body.currency !== undefined) patch.currency = body.currency;
  if (body.trusted_contact !== undefined) patch.trustedContact = body.trusted_contact;
  if (body.status !== undefined) patch.status = body.status;
  if (body.date_of_death !== undefined) patch.dateOfDeath = body.date_of_death;
  if (body.metadata !== undefined) patch.metadata = body.metadata;
  return patch;
}
