import type { Kysely } from 'kysely';

// Idempotency keys become the caller's own (issue 12, finding 1): the key space is (tenant,
// environment, caller, key), so one API key or user can never replay another's response. The old
// rows cannot be given a caller, so the table is made anew: a retry of a request sent before the
// upgrade runs again instead of replaying (at most 24 h of keys; see docs/security.md).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('caller_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response_status', 'integer')
    .addColumn('response_body', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', [
      'tenant_id',
      'environment',
      'caller_id',
      'idempotency_key',
    ])
    .execute();
  // pruneIdempotency() deletes by age.
  await db.schema
    .createIndex('idempotency_keys_created_at')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the hardening-api migration cannot be reverted'));
}
