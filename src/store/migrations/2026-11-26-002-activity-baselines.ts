import type { Kysely } from 'kysely';

// Transactions and account events hang off a profile and go with it (DELETE /profiles erases them).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transactions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('counterparty_id', 'text')
    .addColumn('counterparty_name', 'text')
    .addColumn('counterparty_type', 'text')
    .addColumn('counterparty_relationship', 'text')
    .addColumn('counterparty_country', 'text')
    .addColumn('merchant_category_code', 'text')
    .addColumn('description', 'text')
    .addColumn('country', 'text')
    .addColumn('device_id', 'text')
    .addColumn('initiated_by', 'text')
    .addColumn('balance_after_minor', 'bigint')
    .addColumn('metadata', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('transactions_external_unique', ['profile_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('transactions_history_idx')
    .on('transactions')
    .columns(['profile_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('account_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('party_id', 'text')
    .addColumn('party_name', 'text')
    .addColumn('device_id', 'text')
    .addColumn('country', 'text')
    .addColumn('details', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('account_events_external_unique', ['profile_id', 'external_id'])
    .execute();
  await db.schema
    .createIndex('account_events_history_idx')
    .on('account_events')
    .columns(['profile_id', 'occurred_at'])
    .execute();

  await db.schema
    .createTable('baselines')
    .addColumn('profile_id', 'text', (c) => c.primaryKey().references('profiles.id').onDelete('cascade'))
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('as_of', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'bigint', (c) => c.notNull())
    .execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the activity migration cannot be reverted'));
}
