import type { Kysely } from 'kysely';

// Version tokens that let a process keep a profile's history and a tenant environment's rules in
// memory and know, from the row it reads anyway, whether they are still current. Every write of a
// profile's activity sets a new random token (never a counter: a rolled-back token is never reused).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('profiles').addColumn('activity_version', 'text').execute();
  await db.schema.alterTable('tenant_settings').addColumn('rules_version', 'text').execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the cache-versions migration cannot be reverted'));
}
