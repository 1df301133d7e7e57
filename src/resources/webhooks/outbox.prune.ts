import { sql, type Kysely } from 'kysely';
import { DAY_MS } from '../../domain/detection/history.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import { RETRY_WINDOW_MS } from './retry-schedule.js';

// Deletes go in slices, so one sweep never holds a long lock on a busy outbox.
const SLICE = 2000;

async function deleteInSlices(run: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await run();
    total += deleted;
    if (deleted < SLICE) return total;
  }
}

/**
 * Prunes the outbox: finished attempts (SUCCEEDED, FAILED) older than the retention, attempts still
 * PENDING long after retrying stopped (no dispatcher ran), then events no attempt refers to any more.
 */
export async function pruneOutbox(
  db: Kysely<Database>,
  nowMs: number,
  retentionDays: number,
): Promise<{ deliveries: number; events: number }> {
  const finishedBefore = nowMs - retentionDays * DAY_MS;
  const abandonedBefore = finishedBefore - RETRY_WINDOW_MS;
  const deliveries = await deleteInSlices(async () => {
    const result = await db
      .deleteFrom('webhook_deliveries')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_deliveries')
          .select('id')
          .where((w) =>
            w.or([
              w.and([w('status', '<>', 'PENDING'), w('created_at', '<', finishedBefore)]),
              w.and([w('status', '=', 'PENDING'), w('created_at', '<', abandonedBefore)]),
            ]),
          )
          .limit(SLICE),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
  const events = await deleteInSlices(async () => {
    const result = await db
      .deleteFrom('webhook_events')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('webhook_events as e')
          .select('e.id')
          .where('e.created_at', '<', finishedBefore)
          .where(sql<boolean>`not exists (select 1 from webhook_deliveries d where d.event_id = e.id)`)
          .limit(SLICE),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  });
  return { deliveries, events };
}

/** Deletes these events where no attempt refers to them any more (their last endpoint went). */
export async function deleteOrphanEvents(trx: Executor, eventIds: readonly string[]): Promise<void> {
  for (let i = 0; i < eventIds.length; i += 500) {
    await trx
      .deleteFrom('webhook_events')
      .where('id', 'in', eventIds.slice(i, i + 500))
      .where(
        sql<boolean>`not exists (select 1 from webhook_deliveries d where d.event_id = webhook_events.id)`,
      )
      .execute();
  }
}
