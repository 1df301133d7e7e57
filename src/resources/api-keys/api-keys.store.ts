import type { Kysely } from 'kysely';
import type { Environment, Scope } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import type { ApiKeyRow } from './api-keys.table.js';

export interface ApiKey {
  id: string;
  tenantId: string;
  environment: Environment;
  name: string;
  keyHash: string;
  hint: string;
  scopes: Scope[];
  rateLimitPerMinute: number | null;
  expiresAtMs: number | null;
  revokedAtMs: number | null;
  lastUsedAtMs: number | null;
  createdBy: string | null;
  createdAtMs: number;
}

function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    environment: row.environment as Environment,
    name: row.name,
    keyHash: row.key_hash,
    hint: row.key_hint,
    scopes: JSON.parse(row.scopes) as Scope[],
    rateLimitPerMinute: row.rate_limit_per_minute,
    expiresAtMs: row.expires_at,
    revokedAtMs: row.revoked_at,
    lastUsedAtMs: row.last_used_at,
    createdBy: row.created_by,
    createdAtMs: row.created_at,
  };
}

export async function insertApiKey(trx: Executor, key: ApiKey): Promise<void> {
  await trx
    .insertInto('api_keys')
    .values({
      id: key.id,
      tenant_id: key.tenantId,
      environment: key.environment,
      name: key.name,
      key_hash: key.keyHash,
      key_hint: key.hint,
      scopes: JSON.stringify(key.scopes),
      rate_limit_per_minute: key.rateLimitPerMinute,
      expires_at: key.expiresAtMs,
      revoked_at: key.revokedAtMs,
      last_used_at: key.lastUsedAtMs,
      created_by: key.createdBy,
      created_at: key.createdAtMs,
    })
    .execute();
}

export function createApiKeysStore(db: Kysely<Database>) {
  return {
    /** The key with this hash, whatever its tenant: authentication looks keys up before it knows the tenant. */
    async findByHash(keyHash: string): Promise<ApiKey | undefined> {
      const row = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('key_hash', '=', keyHash)
        .executeTakeFirst();
      return row && toApiKey(row);
    },

    async findById(tenantId: string, environment: Environment, id: string): Promise<ApiKey | undefined> {
      const row = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toApiKey(row);
    },

    async list(
      tenantId: string,
      environment: Environment,
      page: { afterId?: string; limit: number },
    ): Promise<ApiKey[]> {
      let q = db
        .selectFrom('api_keys')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toApiKey);
    },

    async updateRevoked(trx: Executor, tenantId: string, id: string, revokedAtMs: number): Promise<void> {
      await trx
        .updateTable('api_keys')
        .set({ revoked_at: revokedAtMs })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },

    async updateLastUsed(id: string, lastUsedAtMs: number): Promise<void> {
      await db.updateTable('api_keys').set({ last_used_at: lastUsedAtMs }).where('id', '=', id).execute();
    },
  };
}
export type ApiKeysStore = ReturnType<typeof createApiKeysStore>;
