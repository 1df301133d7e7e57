import type { Kysely } from 'kysely';
import type { Caller, TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { Scope } from '../../domain/values/enums.js';
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
  /** Called once a revocation has committed (the in-process key cache forgets the key). */
  onRevoked?: (apiKeyId: string) => void;
}) {
  const { db, store, clock, onRevoked } = deps;

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

    /** A key can only hand out scopes it holds itself (api.md §2). */
    async create(caller: Caller, input: NewApiKey): Promise<{ apiKey: ApiKey; key: string }> {
      const missing = input.scopes.find((scope) => !caller.scopes.includes(scope));
      if (missing) throw apiError('FORBIDDEN', `API key lacks required scope: ${missing}`);
      const nowMs = clock.nowMs();
      if (input.expiresAtMs !== null && input.expiresAtMs <= nowMs) {
        throw apiError('VALIDATION_ERROR', 'expires_at must be in the future');
      }
      return withTransaction(db, (trx) => mintApiKey(trx, caller, input, nowMs));
    },

    /** Revoking is immediate and permanent; revoking a revoked key again changes nothing. */
    async revoke(ctx: TenantContext, id: string): Promise<void> {
      const apiKey = await getApiKey(ctx, id);
      if (apiKey.revokedAtMs !== null) return;
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        await store.updateRevoked(trx, ctx.tenantId, id, nowMs);
        await recordAudit(trx, ctx, nowMs, {
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
