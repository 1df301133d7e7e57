import type { Kysely } from 'kysely';

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
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the hardening-data migration cannot be reverted'));
}
