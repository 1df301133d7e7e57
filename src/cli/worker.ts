import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createJobQueue } from '../jobs/create-queue.js';
import { systemClock } from '../lib/clock.js';
import { createProcessLogger } from '../lib/logger.js';
import { createWebhookDispatcher } from '../resources/webhooks/webhooks.dispatcher.js';
import { createServices } from '../services.js';
import { createDb } from '../store/create-db.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { onShutdownSignal } from './shutdown.js';
import { resolveWebhookSecretKey } from '../resources/webhooks/secret-key.js';
import { BATCH_RUN_TASKS } from '../resources/batch-runs/batch-runs.jobs.js';

/**
 * `vigil worker`: works the PostgreSQL job queue (batch-run chunks) and delivers webhooks until
 * SIGINT or SIGTERM, with no HTTP server: start any number, on any machines sharing DATABASE_URL,
 * to scale out beyond what `vigil serve` works itself; each takes jobs as it has room.
 */
export async function worker(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { concurrency: { type: 'string', default: '2' } } });
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new Error('--concurrency must be a whole number from 1 to 64');
  if (config.dialect !== 'postgres')
    throw new Error(
      'vigil worker needs PostgreSQL (DATABASE_URL=postgres://...); on SQLite, vigil serve runs batch runs itself',
    );
  const logger = createProcessLogger(config.logLevel, 'vigil-worker');
  const webhookSecretKey = resolveWebhookSecretKey(config);
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db.kysely);
  const jobs = createJobQueue(db, config, {
    clock: systemClock,
    taskNames: BATCH_RUN_TASKS,
    logger,
    supervise: true,
  });
  const services = createServices(db, systemClock, {
    webhookSecretKey,
    jobs,
    batchChunkProfiles: config.batchChunkProfiles,
    batchScoringThreads: config.batchScoringThreads,
    onChunkTimed: (timing) => {
      logger.info({ chunk: timing }, 'chunk timed');
    },
  });
  const webhooks = createWebhookDispatcher({
    db,
    clock: systemClock,
    logger,
    secretKey: webhookSecretKey,
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
  });
  onShutdownSignal(logger, config.shutdownTimeoutMs, async () => {
    // Running chunks stop after their current profile and resume elsewhere from there.
    await jobs.stop();
    await services.batchRuns.close();
    await webhooks.stop();
    await db.close();
  });
  await jobs.prepare();
  const resumed = await services.batchRuns.startWork(logger, concurrency);
  webhooks.start();
  logger.info({ concurrency, resumed }, 'worker ready');
  process.stdout.write(
    `vigil worker ${process.pid} ready (concurrency ${concurrency}, ${resumed} unfinished runs checked)\n`,
  );
}
