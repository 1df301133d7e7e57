import type { Kysely } from 'kysely';

// "Which of these items already have evidence" (signals store `existingEvidenceKeys`, read for every
// scored profile, in real time and in batch runs) filters on item_id, which the primary key
// (tenant_id, environment, rule_id, item_id) cannot seek on past rule_id: every lookup read the
// tenant's whole evidence, so a batch run's cost grew with the signals it had already raised.
// rule_id is included so the index answers the lookup alone (SQLite prefers a covering index).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('signal_evidence_item_idx')
    .ifNotExists()
    .on('signal_evidence')
    .columns(['tenant_id', 'environment', 'item_id', 'rule_id'])
    .execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the batch-speed migration cannot be reverted'));
}
