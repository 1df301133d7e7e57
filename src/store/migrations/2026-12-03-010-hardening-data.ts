import { sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Indexes for bounded evidence loads (a signal's latest items) and for the retention sweep
// (jobs/retention.ts), which deletes by age: without them each sweep would scan whole tables.
export async function up(db: Kysely<unknown>): Promise<void> {
  const indexes: [string, string, string[]][] = [
    ['signal_evidence_signal_time_idx', 'signal_evidence', ['signal_id', 'occurred_at']],
    ['webhook_deliveries_event_idx', 'webhook_deliveries', ['event_id']],
    ['webhook_deliveries_age_idx', 'webhook_deliveries', ['status', 'created_at']],
    ['webhook_events_age_idx', 'webhook_events', ['created_at']],
    ['idempotency_keys_age_idx', 'idempotency_keys', ['created_at']],
    ['rate_limit_buckets_age_idx', 'rate_limit_buckets', ['updated_at_ms']],
  ];
  for (const [name, table, columns] of indexes)
    await db.schema.createIndex(name).ifNotExists().on(table).columns(columns).execute();
  await redactPersonalAuditValues(db);
}

// Frozen copies of the lists in profile-erasure.ts as they were when this migration was written.
const PERSONAL: Record<string, ReadonlySet<string>> = {
  profile: new Set([
    'customer_name',
    'date_of_birth',
    'enrollment_notes',
    'trusted_contact',
    'date_of_death',
    'metadata',
  ]),
  signal: new Set(['notes']),
};

/**
 * Audit events written before personal values were redacted at write time still hold names, dates
 * of birth, notes and trusted contacts, which would outlive a profile's erasure. They are redacted
 * once, here: the one time the append-only guard is lifted, inside this migration's transaction.
 */
async function redactPersonalAuditValues(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  const rows = (
    await sql<{ id: string; resource_type: string; changes: string }>`
      SELECT id, resource_type, changes FROM audit_events
      WHERE resource_type IN ('profile', 'signal') AND changes IS NOT NULL`.execute(db)
  ).rows;
  const updates: [string, string][] = [];
  for (const row of rows) {
    const fields = PERSONAL[row.resource_type];
    if (!fields) continue;
    const changes = JSON.parse(row.changes) as Record<string, [unknown, unknown]>;
    let changed = false;
    for (const [field, pair] of Object.entries(changes)) {
      if (!fields.has(field)) continue;
      const hidden = pair.map((v) => (v === null || v === undefined ? null : '[redacted]'));
      if (hidden[0] !== pair[0] || hidden[1] !== pair[1]) changed = true;
      changes[field] = [hidden[0], hidden[1]];
    }
    if (changed) updates.push([row.id, JSON.stringify(changes)]);
  }
  if (updates.length === 0) return;
  if (pg) await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`.execute(db);
  else {
    await sql`DROP TRIGGER audit_events_no_update`.execute(db);
    await sql`DROP TRIGGER audit_events_no_delete`.execute(db);
  }
  for (const [id, changes] of updates)
    await sql`UPDATE audit_events SET changes = ${changes} WHERE id = ${id}`.execute(db);
  if (pg) await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`.execute(db);
  else {
    for (const operation of ['UPDATE', 'DELETE'])
      await sql`CREATE TRIGGER ${sql.raw(`audit_events_no_${operation.toLowerCase()}`)} BEFORE ${sql.raw(operation)} ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`.execute(db);
  }
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the hardening-data migration cannot be reverted'));
}
