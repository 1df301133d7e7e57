import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// The case workflow of issue 10: who works a signal (assignee), what analysts wrote about it (notes,
// append-only like the audit trail), and which benign patterns a dismissal silenced (suppressions).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signals').addColumn('assignee_id', 'text').execute();
  await db.schema.alterTable('signals').addColumn('assigned_at', 'bigint').execute();
  await db.schema
    .createIndex('signals_assignee_idx')
    .on('signals')
    .columns(['tenant_id', 'environment', 'assignee_id', 'status'])
    .execute();
  await db.schema
    .createIndex('signals_queue_idx')
    .on('signals')
    .columns(['tenant_id', 'environment', 'status', 'severity'])
    .execute();

  await db.schema
    .createTable('signal_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text', (c) => c.notNull())
    .addColumn('author_type', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signal_notes_signal_idx')
    .on('signal_notes')
    .columns(['tenant_id', 'environment', 'signal_id', 'id'])
    .execute();
  await makeAppendOnly(db, 'signal_notes');

  await db.schema
    .createTable('suppressions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id').onDelete('cascade'))
    .addColumn('counterparty_id', 'text')
    .addColumn('rule_ids', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text', (c) => c.notNull())
    .addColumn('signal_category', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('suppressions_profile_idx')
    .on('suppressions')
    .columns(['tenant_id', 'environment', 'profile_id', 'expires_at'])
    .execute();
}

/** Notes are part of the case record: the database itself refuses UPDATE and DELETE (as for audit_events). */
async function makeAppendOnly(db: Kysely<unknown>, table: string): Promise<void> {
  if (isPostgres(db)) {
    // vigil_refuse_change() was created with the audit trail (migration 001).
    await sql`CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
      FOR EACH ROW EXECUTE FUNCTION vigil_refuse_change()`.execute(db);
    return;
  }
  for (const operation of ['UPDATE', 'DELETE']) {
    await sql`CREATE TRIGGER ${sql.raw(`${table}_no_${operation.toLowerCase()}`)} BEFORE ${sql.raw(operation)} ON ${sql.table(table)}
      BEGIN SELECT RAISE(ABORT, ${sql.lit(`${table} is append-only`)}); END`.execute(db);
  }
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the case-workflow migration cannot be reverted'));
}
