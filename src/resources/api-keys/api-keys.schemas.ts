import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { SCOPES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { NewApiKey } from './api-keys.service.js';
import type { ApiKey } from './api-keys.store.js';
import { readTimestamp } from '../../domain/values/dates.js';

export const ApiKeyParams = Type.Object({ api_key_id: Uuid });
export const ListApiKeysQuery = Type.Object({ ...ListQuery }, { additionalProperties: false });

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    scopes: Type.Array(literalUnion(SCOPES), {
      minItems: 1,
      maxItems: SCOPES.length,
      description: 'At most the creating key holds',
    }),
    expires_at: Type.Optional(Timestamp),
    rate_limit_per_minute: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        description: 'Overrides the environment default (api.md §6)',
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateApiKey' },
);
export type CreateApiKeyBody = Static<typeof CreateApiKeyBody>;

const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const ApiKeyResponse = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    environment: literalUnion(['production', 'sandbox'] as const),
    key_hint: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
    scopes: Type.Array(literalUnion(SCOPES)),
    rate_limit_per_minute: Type.Union([Type.Integer(), Type.Null()]),
    expires_at: NullableTimestamp,
    revoked_at: NullableTimestamp,
    last_used_at: NullableTimestamp,
    created_at: Timestamp,
  },
  { title: 'ApiKey' },
);
export const CreatedApiKeyResponse = Type.Object(
  {
    ...ApiKeyResponse.properties,
    key: Type.Union([Type.String(), Type.Null()], {
      description:
        'The key itself, shown only in this response. null when the response is an idempotent replay (Idempotent-Replayed: true): the key is never stored to be shown again',
    }),
  },
  { title: 'CreatedApiKey' },
);
export const ApiKeyPage = Page(ApiKeyResponse, 'ApiKeyPage');

const timestampOrNull = (ms: number | null) => (ms === null ? null : isoTimestamp(ms));

export function toApiKeyJson(apiKey: ApiKey) {
  return {
    id: apiKey.id,
    name: apiKey.name,
    environment: apiKey.environment,
    key_hint: apiKey.hint,
    scopes: apiKey.scopes,
    rate_limit_per_minute: apiKey.rateLimitPerMinute,
    expires_at: timestampOrNull(apiKey.expiresAtMs),
    revoked_at: timestampOrNull(apiKey.revokedAtMs),
    last_used_at: timestampOrNull(apiKey.lastUsedAtMs),
    created_at: isoTimestamp(apiKey.createdAtMs),
  };
}

export function toNewApiKey(body: CreateApiKeyBody): NewApiKey {
  return {
    name: body.name,
    scopes: body.scopes,
    expiresAtMs: body.expires_at === undefined ? null : readTimestamp(body.expires_at),
    rateLimitPerMinute: body.rate_limit_per_minute ?? null,
  };
}
