import type { Kysely } from 'kysely';

// A version token for the profile's stored baseline, renewed by every write of it (real-time
// scoring, batch runs, the recompute route) in the same statement as the profile's baseline status.
// A process keeps the baseline in memory while the profile row (read under its lock by every
// scored ingest) still carries the token it was stored under, instead of reading and parsing the
// baselines row for every request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('profiles').addColumn('baseline_version', 'text').execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the scoring-speed migration cannot be reverted'));
}
