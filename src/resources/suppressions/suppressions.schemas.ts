import { Type, type Static } from 'typebox';
import { IdParams, ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { SIGNAL_CATEGORIES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { ActorRef } from '../../api/actor-ref.js';
import type { SuppressionRecord } from './suppressions.store.js';

export const SuppressionParams = IdParams('profile_id');

export const ListSuppressionsQuery = Type.Object(
  {
    include_expired: Type.Optional(
      Type.Boolean({ default: false, description: 'Also list suppressions that have expired' }),
    ),
    ...ListQuery,
  },
  { additionalProperties: false },
);
export type ListSuppressionsQuery = Static<typeof ListSuppressionsQuery>;

export const ActorRefResponse = Type.Object(
  {
    type: literalUnion(['user', 'api_key'] as const),
    id: Type.Union([Type.String(), Type.Null()]),
    name: Type.String(),
  },
  { title: 'ActorRef', description: 'A signed-in user or an API key' },
);

export const SuppressionResponse = Type.Object(
  {
    id: Uuid,
    profile_id: Uuid,
    counterparty_id: Type.Union([Type.String(), Type.Null()], {
      description: 'Only activity with this counterparty is covered; null: any counterparty',
    }),
    rule_ids: Type.Array(Uuid, { description: 'The rules of the dismissed signal that stay silent' }),
    signal_id: Uuid,
    signal_category: literalUnion(SIGNAL_CATEGORIES),
    reason: Type.String({ description: 'The review reason: KNOWN_COUNTERPARTY or LEGITIMATE_ACTIVITY' }),
    created_by: ActorRefResponse,
    created_at: Timestamp,
    expires_at: Timestamp,
    active: Type.Boolean({ description: 'Not yet expired' }),
  },
  { title: 'Suppression' },
);
export const SuppressionPage = Page(SuppressionResponse, 'SuppressionPage');

export const toActorRefJson = (a: ActorRef) => ({ type: a.type, id: a.id, name: a.name });

export function toSuppressionJson(s: SuppressionRecord, nowMs: number) {
  return {
    id: s.id,
    profile_id: s.profileId,
    counterparty_id: s.counterpartyId,
    rule_ids: s.ruleIds,
    signal_id: s.signalId,
    signal_category: s.category,
    reason: s.reason,
    created_by: toActorRefJson(s.createdBy),
    created_at: isoTimestamp(s.createdAtMs),
    expires_at: isoTimestamp(s.expiresAtMs),
    active: s.expiresAtMs > nowMs,
  };
}
