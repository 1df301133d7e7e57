import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import type { AccountEvent } from '../../domain/activity.js';
import { EVENT_TYPES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import { Evaluation } from '../../ingest/evaluation.schema.js';
import { ingestResponse, MAX_BATCH } from '../../ingest/ingest.schemas.js';
import { CountryCode } from '../transactions/transactions.schemas.js';

const Details = Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), {
  description: 'Free-form facts of the event, at most 8 KiB',
});

export const AccountEventInput = Type.Object(
  {
    external_id: Type.String({ minLength: 1, maxLength: 128 }),
    occurred_at: Timestamp,
    event_type: literalUnion(EVENT_TYPES),
    party_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: 'The person added; matched against counterparty_id',
      }),
    ),
    party_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    device_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    country: Type.Optional(CountryCode),
    details: Type.Optional(Details),
  },
  { additionalProperties: false, title: 'AccountEventInput' },
);
export type AccountEventInput = Static<typeof AccountEventInput>;

export const AccountEventBatch = Type.Object(
  { events: Type.Array(AccountEventInput, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false, title: 'AccountEventBatch' },
);

export const FeedAccountEvent = Type.Object(
  {
    customer_id: Type.Optional(
      Type.String({ minLength: 1, maxLength: 128, description: 'The profile, by the bank customer ID' }),
    ),
    profile_id: Type.Optional(Uuid),
    ...AccountEventInput.properties,
  },
  { additionalProperties: false, title: 'FeedAccountEvent' },
);
export type FeedAccountEvent = Static<typeof FeedAccountEvent>;
export const FeedEventBatch = Type.Object(
  { events: Type.Array(FeedAccountEvent, { minItems: 1, maxItems: MAX_BATCH }) },
  { additionalProperties: false, title: 'FeedAccountEventBatch' },
);

export const AccountEventParams = Type.Object({ profile_id: Uuid, event_id: Uuid });

export const ListAccountEventsQuery = Type.Object(
  {
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    event_type: Type.Optional(literalUnion(EVENT_TYPES)),
    ...ListQuery,
  },
  { additionalProperties: false },
);

export const AccountEventResponse = Type.Object(
  {
    id: Uuid,
    profile_id: Uuid,
    external_id: Type.String(),
    occurred_at: Timestamp,
    event_type: literalUnion(EVENT_TYPES),
    party_id: Type.Union([Type.String(), Type.Null()]),
    party_name: Type.Union([Type.String(), Type.Null()]),
    device_id: Type.Union([Type.String(), Type.Null()]),
    country: Type.Union([Type.String(), Type.Null()]),
    details: Type.Union([Details, Type.Null()]),
    created_at: Timestamp,
    evaluation: Type.Optional(Evaluation),
  },
  { title: 'AccountEvent' },
);
export const AccountEventPage = Page(AccountEventResponse, 'AccountEventPage');

export const EventIngestResponse = ingestResponse('events', 'account event', 'AccountEventIngestResult');

export function toAccountEventJson(e: AccountEvent) {
  return {
    id: e.id,
    profile_id: e.profileId,
    external_id: e.externalId,
    occurred_at: isoTimestamp(e.occurredAtMs),
    event_type: e.eventType,
    party_id: e.partyId,
    party_name: e.partyName,
    device_id: e.deviceId,
    country: e.country,
    details: e.details,
    created_at: isoTimestamp(e.createdAtMs),
  };
}
