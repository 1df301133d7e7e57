import type { Kysely } from 'kysely';

// A version token for the profile's suppressions, renewed by every suppression written (in the same
// transaction, suppressions.store.ts). Real-time scoring keeps a profile's suppressions in memory while
// the profile row (read under its lock by every scored ingest) still carries the token they were read
// under, instead of querying them for every request; another process's dismissal changes the token.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('profiles').addColumn('suppressions_version', 'text').execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the realtime-speed migration cannot be reverted'));
}
