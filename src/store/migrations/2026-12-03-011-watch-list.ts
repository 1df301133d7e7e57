import { sql, type Kysely } from 'kysely';
import { uuidv7 } from 'uuidv7';

// Learning from reviews (issue 13): counterparties a CONFIRMED signal paid (confirmed_counterparties,
// withdrawn when the signal is reopened), the tenant's watch list of them (watch_list, one row per
// counterparty, removable by a supervisor), the opt-in setting that lets the list weigh on other
// profiles, and the CONFIRMED_COUNTERPARTY default rule for tenant environments provisioned before.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('tenant_settings')
    .addColumn('watch_list_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  // Renewed by every change of confirmations or the list: scoring caches them under it, as rules.
  await db.schema.alterTable('tenant_settings').addColumn('watch_list_version', 'text').execute();

  await db.schema
    .createTable('confirmed_counterparties')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
    .addColumn('counterparty_id', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text', (c) => c.notNull())
    .addColumn('signal_last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_by', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('confirmed_counterparties_pk', ['signal_id', 'counterparty_id'])
    .execute();
  // Scoring looks up the counterparties a pass pays; the watch list counts profiles per counterparty.
  await db.schema
    .createIndex('confirmed_counterparties_lookup_idx')
    .on('confirmed_counterparties')
    .columns(['tenant_id', 'environment', 'counterparty_id', 'profile_id'])
    .execute();

  await db.schema
    .createTable('watch_list')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('counterparty_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('watch_list_counterparty_key', ['tenant_id', 'environment', 'counterparty_id'])
    .execute();

  await addDefaultRule(db);
}

// A frozen copy of the default as this migration added it (rules/confirmed-counterparty.ts may change).
const RULE = {
  name: 'Payment to a confirmed counterparty',
  rule_type: 'CONFIRMED_COUNTERPARTY',
  severity: 'HIGH',
  weight: 0.8,
  signal_category: 'SCAM_OTHER',
  parameters: JSON.stringify({ min_amount_minor: 0 }),
  description:
    'A debit to a counterparty an analyst confirmed as part of exploitation of this customer, or of another customer when the watch list is on.',
};

/** Tenant environments provisioned earlier get the new default rule, and their rule caches renew. */
async function addDefaultRule(db: Kysely<unknown>): Promise<void> {
  const nowMs = Date.now();
  const environments = (
    await sql<{ tenant_id: string; environment: string }>`
      SELECT tenant_id, environment FROM tenant_settings`.execute(db)
  ).rows;
  for (const { tenant_id, environment } of environments) {
    const present = await sql<{ id: string }>`
      SELECT id FROM rules WHERE tenant_id = ${tenant_id} AND environment = ${environment}
        AND rule_type = ${RULE.rule_type}`.execute(db);
    if (present.rows.length > 0) continue;
    await sql`
      INSERT INTO rules (id, tenant_id, environment, name, rule_type, severity, weight, signal_category,
        parameters, enabled, description, version, is_default, created_at, updated_at)
      VALUES (${uuidv7()}, ${tenant_id}, ${environment}, ${RULE.name}, ${RULE.rule_type}, ${RULE.severity},
        ${RULE.weight}, ${RULE.signal_category}, ${RULE.parameters}, 1, ${RULE.description}, 1, 1,
        ${nowMs}, ${nowMs})`.execute(db);
    await sql`UPDATE tenant_settings SET rules_version = ${uuidv7()}
      WHERE tenant_id = ${tenant_id} AND environment = ${environment}`.execute(db);
  }
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the watch-list migration cannot be reverted'));
}
