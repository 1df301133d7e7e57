import type { Kysely } from 'kysely';
import { pruneIdempotency } from '../api/idempotency/idempotency.store.js';
import { pruneRateLimitBuckets } from '../api/rate-limit/rate-limit.prune.js';
import type { Clock } from '../lib/clock.js';
import { pruneOutbox } from '../resources/webhooks/outbox.prune.js';
import type { Database } from '../store/database.js';
import type { JobLogger } from './queue.js';

export interface RetentionSettings {
  /** WEBHOOK_DELIVERY_RETENTION_DAYS: how long finished attempts and their events are kept. */
  webhookDeliveryRetentionDays: number;
  /** RETENTION_SWEEP_MINUTES: how often the sweep runs. */
  sweepMinutes: number;
}

export interface SweepResult {
  webhookDeliveries: number;
  webhookEvents: number;
  idempotencyKeys: number;
  rateLimitBuckets: number;
}

/** One retention pass over every table that would otherwise only grow. Safe to run anywhere, twice. */
export async function sweepExpired(
  db: Kysely<Database>,
  nowMs: number,
  settings: Pick<RetentionSettings, 'webhookDeliveryRetentionDays'>,
): Promise<SweepResult> {
  const outbox = await pruneOutbox(db, nowMs, settings.webhookDeliveryRetentionDays);
  return {
    webhookDeliveries: outbox.deliveries,
    webhookEvents: outbox.events,
    idempotencyKeys: await pruneIdempotency(db, nowMs),
    rateLimitBuckets: await pruneRateLimitBuckets(db, nowMs),
  };
}

/**
 * Runs the sweep on a timer (every serving process runs one; on PostgreSQL they may overlap, which
 * only means a pass finds less to delete). The first pass runs soon after start.
 */
export function createRetentionSweeper(deps: {
  db: Kysely<Database>;
  clock: Clock;
  settings: RetentionSettings;
  logger: JobLogger;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepExpired(deps.db, deps.clock.nowMs(), deps.settings)
        .then((result) => {
          deps.logger.info({ ...result }, 'retention sweep done');
        })
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'retention sweep failed; it runs again at the next interval');
        })
        .finally(() => {
          running = undefined;
          schedule(deps.settings.sweepMinutes * 60_000);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule(10_000);
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
