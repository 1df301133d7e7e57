import type { Kysely } from 'kysely';

// Rules, tenant detection settings, signals and their evidence; each item keeps its last evaluation.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rule_type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('signal_category', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('rules_tenant_idx')
    .on('rules')
    .columns(['tenant_id', 'environment', 'id'])
    .execute();

  await db.schema
    .createTable('tenant_settings')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('signal_threshold', 'double precision', (c) => c.notNull())
    .addColumn('grouping_window_days', 'integer', (c) => c.notNull())
    .addColumn('baseline_lookback_days', 'integer', (c) => c.notNull())
    .addColumn('high_risk_countries', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tenant_settings_pk', ['tenant_id', 'environment'])
    .execute();

  await db.schema
    .createTable('signals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('signal_category', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('amount_at_risk_minor', 'bigint', (c) => c.notNull())
    .addColumn('debits', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('batch_run_id', 'text')
    .addColumn('review', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signals_list_idx')
    .on('signals')
    .columns(['tenant_id', 'environment', 'id'])
    .execute();
  await db.schema
    .createIndex('signals_profile_idx')
    .on('signals')
    .columns(['profile_id', 'status'])
    .execute();

  await db.schema
    .createTable('signal_evidence')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text', (c) => c.notNull().references('signals.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signal_evidence_pk', ['tenant_id', 'environment', 'rule_id', 'item_id'])
    .execute();
  await db.schema
    .createIndex('signal_evidence_signal_idx')
    .on('signal_evidence')
    .columns(['signal_id'])
    .execute();

  await db.schema.alterTable('transactions').addColumn('evaluation', 'text').execute();
  await db.schema.alterTable('account_events').addColumn('evaluation', 'text').execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the detection migration cannot be reverted'));
}
