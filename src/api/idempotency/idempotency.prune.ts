import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import { IDEMPOTENCY_TTL_MS } from './idempotency.store.js';

/**
 * Deletes idempotency rows past their replay window (api.md §4: 24 h): they can never be replayed
 * again, and their stored bodies may hold personal data. Returns how many it deleted.
 */
export async function pruneIdempotencyKeys(db: Kysely<Database>, nowMs: number): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', nowMs - IDEMPOTENCY_TTL_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
