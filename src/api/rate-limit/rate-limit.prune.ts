import type { Kysely } from 'kysely';
import type { Database } from '../../store/database.js';

/**
 * A bucket untouched for this long has refilled completely (every limit refills within a minute),
 * and a full bucket is the same as no row: deleting it changes no decision.
 */
export const IDLE_BUCKET_MS = 5 * 60_000;

/** Deletes idle rate-limit buckets (PostgreSQL store: one row per key and client address seen). */
export async function pruneRateLimitBuckets(db: Kysely<Database>, nowMs: number): Promise<number> {
  const result = await db
    .deleteFrom('rate_limit_buckets')
    .where('updated_at_ms', '<', nowMs - IDLE_BUCKET_MS)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
