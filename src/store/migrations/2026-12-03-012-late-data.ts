import type { Kysely } from 'kysely';

// Late data (issue 13): evidence that stops holding when an earlier item arrives late is retracted.
// The live evidence stays in signal_evidence (so every query of it keeps meaning "what holds now");
// a retracted item moves to signal_evidence_retractions with when and why, the signal's history.
// A signal left with no evidence at all is marked retracted (retracted_at, retraction_reason).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('signals').addColumn('retracted_at', 'bigint').execute();
  await db.schema.alterTable('signals').addColumn('retraction_reason', 'text').execute();
  await db.schema
    .createTable('signal_evidence_retractions')
    .addColumn('tenant_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('signal_id', 'text', (c) => c.notNull().references('signals.id').onDelete('cascade'))
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'bigint', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('retracted_at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('signal_evidence_retractions_signal_idx')
    .on('signal_evidence_retractions')
    .columns(['signal_id', 'retracted_at'])
    .execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the late-data migration cannot be reverted'));
}
