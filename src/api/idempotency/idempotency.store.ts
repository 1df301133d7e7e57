import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { isUniqueViolation } from '../../store/transaction.js';

/** Whose key it is: a key is the caller's own, never shared with another API key or user. */
export interface IdempotencyScope {
  tenantId: string;
  environment: string;
  /** The API key's ID, or the signed-in user's. */
  callerId: string;
  key: string;
}

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'replay'; status: number; body: string }
  | { kind: 'mismatch' }
  | { kind: 'in_progress' };

/** Replays last 24 h (api.md §4). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
// A claim whose request never finished (the process died) is given up after this long.
const ABANDONED_AFTER_MS = 5 * 60 * 1000;

/**
 * Deletes the idempotency rows older than the 24 h replay window (a finished or abandoned claim
 * alike) and answers how many went. The retention schedule calls it (docs/security.md, retention).
 */
export async function pruneIdempotency(db: Kysely<Database>, nowMs: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<=', nowMs - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function createIdempotencyStore(db: Kysely<Database>) {
  const select = (scope: IdempotencyScope) =>
    db
      .selectFrom('idempotency_keys')
      .where('tenant_id', '=', scope.tenantId)
      .where('environment', '=', scope.environment)
      .where('caller_id', '=', scope.callerId)
      .where('idempotency_key', '=', scope.key);

  async function insertClaim(scope: IdempotencyScope, requestHash: string, nowMs: number): Promise<boolean> {
    try {
      await db
        .insertInto('idempotency_keys')
        .values({
          tenant_id: scope.tenantId,
          environment: scope.environment,
          caller_id: scope.callerId,
          idempotency_key: scope.key,
          request_hash: requestHash,
          response_status: null,
          response_body: null,
          created_at: nowMs,
        })
        .execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async function remove(scope: IdempotencyScope, createdAtMs?: number): Promise<void> {
    let q = db
      .deleteFrom('idempotency_keys')
      .where('tenant_id', '=', scope.tenantId)
      .where('environment', '=', scope.environment)
      .where('caller_id', '=', scope.callerId)
      .where('idempotency_key', '=', scope.key);
    if (createdAtMs !== undefined) q = q.where('created_at', '=', createdAtMs);
    await q.execute();
  }

  return {
    /** Claims the key for this request, or says why not: replay it, refuse another body, or wait. */
    async claim(scope: IdempotencyScope, requestHash: string, nowMs: number): Promise<Claim> {
      for (let attempt = 0; attempt < 3; attempt++) {
        if (await insertClaim(scope, requestHash, nowMs)) return { kind: 'claimed' };
        const row = await select(scope).selectAll().executeTakeFirst();
        if (!row) continue;
        const expired = nowMs - row.created_at >= IDEMPOTENCY_TTL_MS;
        const abandoned = row.response_status === null && nowMs - row.created_at >= ABANDONED_AFTER_MS;
        if (expired || abandoned) {
          await remove(scope, row.created_at);
          continue;
        }
        if (row.response_status === null || row.response_body === null) return { kind: 'in_progress' };
        if (row.request_hash !== requestHash) return { kind: 'mismatch' };
        return { kind: 'replay', status: row.response_status, body: row.response_body };
      }
      return { kind: 'in_progress' };
    },

    /** Stores the response to replay; the caller has already taken any secret out of it. */
    async complete(scope: IdempotencyScope, status: number, body: string): Promise<void> {
      await db
        .updateTable('idempotency_keys')
        .set({ response_status: status, response_body: body })
        .where('tenant_id', '=', scope.tenantId)
        .where('environment', '=', scope.environment)
        .where('caller_id', '=', scope.callerId)
        .where('idempotency_key', '=', scope.key)
        .execute();
    },

    /** Forgets a claim whose request failed unexpectedly, so the client can retry with the same key. */
    release: (scope: IdempotencyScope) => remove(scope),
  };
}
export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
