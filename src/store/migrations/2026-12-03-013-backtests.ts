import type { Kysely } from 'kysely';

// Backtests (issue 13): a draft rule set replayed over a window without writing a signal. The row
// holds the request, the rules and settings both sides score with, the progress, and the result.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('backtests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The draft and window as the wire shows them, defaults resolved.
    .addColumn('request', 'text', (c) => c.notNull())
    // The current rules and settings, and the same with the draft applied, as they were at creation.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('profiles_total', 'integer', (c) => c.notNull())
    .addColumn('profiles_done', 'integer', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    // JSON result once COMPLETED.
    .addColumn('result', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('actor_api_key_id', 'text')
    .addColumn('actor_user_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('backtests_tenant_idx')
    .on('backtests')
    .columns(['tenant_id', 'environment', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('backtests').execute();
}
