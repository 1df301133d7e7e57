import type { Kysely } from 'kysely';
import type { Caller, TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { decideGrant, findMissingScope, type Grantor } from '../../domain/api-keys/grants.js';
import type { Environment, Scope } from '../../domain/values/enums.js';
import { generateApiKey, hashApiKey, keyHint } from '../../lib/api-key-token.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { insertApiKey, type ApiKey, type ApiKeysStore } from './api-keys.store.js';

export interface NewApiKey {
  name: string;
  scopes: Scope[];
  expiresAtMs: number | null;
  rateLimitPerMinute: number | null;
}

/** Mints a key inside trx and audits it; the plaintext is returned once and never stored. */
export async function mintApiKey(
  trx: Executor,
  ctx: TenantContext,
  input: NewApiKey,
  nowMs: number,
): Promise<{ apiKey: ApiKey; key: string }> {
  const key = generateApiKey(ctx.environment);
  const apiKey: ApiKey = {
    id: newId(),
    tenantId: ctx.tenantId,
    environment: ctx.environment,
    name: input.name,
    keyHash: hashApiKey(key),
    hint: keyHint(key),
    scopes: [...new Set(input.scopes)],
    rateLimitPerMinute: input.rateLimitPerMinute,
    expiresAtMs: input.expiresAtMs,
    revokedAtMs: null,
    lastUsedAtMs: null,
    createdBy: ctx.actor.apiKeyId,
    createdAtMs: nowMs,
  };
  await insertApiKey(trx, apiKey);
  await recordAudit(trx, ctx, nowMs, {
    action: 'api_key.created',
    resourceType: 'api_key',
    resourceId: apiKey.id,
    changes: {
      name: [null, apiKey.name],
      scopes: [null, apiKey.scopes],
      expires_at: [null, input.expiresAtMs],
    },
  });
  return { apiKey, key };
}

export function createApiKeysService(deps: {
  db: Kysely<Database>;
  store: ApiKeysStore;
  clock: Clock;
  /** The environment defaults a key without its own rate limit runs at (config RATE_LIMIT_*). */
  defaultRateLimitPerMinute: Readonly<Record<Environment, number>>;
  /** Called once a revocation has committed (the in-process key cache forgets the key). */
  onRevoked?: (apiKeyId: string) => void;
}) {
  const { db, store, clock, onRevoked } = deps;

  // A signed-in user grants as a key without expiry at the environment default (its role's scopes).
  async function grantorOf(caller: Caller): Promise<Grantor> {
    const own =
      caller.actor.apiKeyId === null
        ? undefined
        : await store.findById(caller.tenantId, caller.environment, caller.actor.apiKeyId);
    return {
      scopes: caller.scopes,
      expiresAtMs: own?.expiresAtMs ?? null,
      rateLimitPerMinute: own?.rateLimitPerMinute ?? null,
      defaultRateLimitPerMinute: deps.defaultRateLimitPerMinute[caller.environment],
    };
  }

  async function getApiKey(ctx: TenantContext, id: string): Promise<ApiKey> {
    const apiKey = await store.findById(ctx.tenantId, ctx.environment, id);
    if (!apiKey) throw apiError('NOT_FOUND', 'API key not found');
    return apiKey;
  }

  return {
    getApiKey,

    list(ctx: TenantContext, page: { afterId?: string; limit: number }): Promise<ApiKey[]> {
      return store.list(ctx.tenantId, ctx.environment, page);
    },

    /**
     * A key can only hand out what it holds itself (api.md §2, issue 12 finding 5): scopes, an expiry
     * no later than its own and a rate limit no higher; omitted, they are the minter's.
     */
    async create(caller: Caller, input: NewApiKey): Promise<{ apiKey: ApiKey; key: string }> {
      const nowMs = clock.nowMs();
      if (input.expiresAtMs !== null && input.expiresAtMs <= nowMs) {
        throw apiError('VALIDATION_ERROR', 'expires_at must be in the future');
      }
      const decision = decideGrant(await grantorOf(caller), input);
      if (decision.kind === 'refused') throw apiError('FORBIDDEN', decision.message);
      const granted = { ...input, ...decision.grant, scopes: input.scopes };
      return withTransaction(db, (trx) => mintApiKey(trx, caller, granted, nowMs));
    },

    /**
     * Revoking is immediate and permanent; revoking a revoked key again changes nothing. Revoking
     * needs every scope the key holds, so a narrow key cannot cut off a wider one.
     */
    async revoke(caller: Caller, id: string): Promise<void> {
      const apiKey = await getApiKey(caller, id);
      const missing = findMissingScope(caller.scopes, apiKey.scopes);
      if (missing) throw apiError('FORBIDDEN', `API key lacks required scope: ${missing}`);
      if (apiKey.revokedAtMs !== null) return;
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        await store.updateRevoked(trx, caller.tenantId, id, nowMs);
        await recordAudit(trx, caller, nowMs, {
          action: 'api_key.revoked',
          resourceType: 'api_key',
          resourceId: id,
          changes: { revoked_at: [null, new Date(nowMs).toISOString()] },
        });
      });
      onRevoked?.(id);
    },
  };
}
export type ApiKeysService = ReturnType<typeof createApiKeysService>;
