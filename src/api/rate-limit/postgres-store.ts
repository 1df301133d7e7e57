import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/database.js';
import type { RateLimitStore } from './rate-limit-store.js';
import { decision, refillPerMs, refilled } from './token-bucket.js';

/**
 * Buckets in PostgreSQL, so the limit holds across every server process: one atomic upsert per
 * request refills, takes and reports in a single round trip.
 */
export function createPostgresRateLimitStore(db: Kysely<Database>): RateLimitStore {
  return {
    async take(bucketKey, limitPerMinute, nowMs) {
      const rate = refillPerMs(limitPerMinute);
      const refill = sql<number>`LEAST(${limitPerMinute}::float8, b.tokens + GREATEST(0, ${nowMs}::bigint - b.updated_at_ms) * ${rate}::float8)`;
      const { rows } = await sql<{ tokens: number; last_allowed: number }>`
        INSERT INTO rate_limit_buckets AS b (bucket_key, tokens, updated_at_ms, last_allowed)
        VALUES (${bucketKey}, ${limitPerMinute - 1}::float8, ${nowMs}::bigint, 1)
        ON CONFLICT (bucket_key) DO UPDATE SET
          tokens = CASE WHEN ${refill} >= 1 THEN ${refill} - 1 ELSE ${refill} END,
          last_allowed = CASE WHEN ${refill} >= 1 THEN 1 ELSE 0 END,
          updated_at_ms = GREATEST(b.updated_at_ms, ${nowMs}::bigint)
        RETURNING tokens, last_allowed`.execute(db);
      const row = rows[0];
      if (!row) throw new Error('rate limit upsert returned no row');
      return decision(row.last_allowed === 1, row.tokens, limitPerMinute);
    },
    async peek(bucketKey, limitPerMinute, nowMs) {
      const row = await db
        .selectFrom('rate_limit_buckets')
        .select(['tokens', 'updated_at_ms'])
        .where('bucket_key', '=', bucketKey)
        .executeTakeFirst();
      const tokens = refilled(
        row && { tokens: row.tokens, updatedAtMs: row.updated_at_ms },
        limitPerMinute,
        nowMs,
      );
      return decision(tokens >= 1, tokens, limitPerMinute);
    },
  };
}
