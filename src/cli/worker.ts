import { parseArgs } from 'node:util';
import type { Config } from '../config.js';
import { createJobQueue } from '../jobs/create-queue.js';
import type { JobLogger } from '../jobs/queue.js';
import { systemClock } from '../lib/clock.js';
import { createServices } from '../services.js';
import { createDb } from '../store/create-db.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { resolveWebhookSecretKey } from '../resources/webhooks/secret-key.js';

export const WORKER_USAGE = 'worker [--concurrency N]';

// One JSON line per event on stderr, as pino writes them (stdout is kept for the ready line).
const logger: JobLogger = {
  info: (fields, msg) => {
    log(30, fields, msg);
  },
  warn: (fields, msg) => {
    log(40, fields, msg);
  },
  error: (fields, msg) => {
    log(50, fields, msg);
  },
};

function log(level: number, fields: object, msg: string): void {
  const plain = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      v instanceof Error ? { message: v.message, stack: v.stack } : v,
    ]),
  );
  process.stderr.write(`${JSON.stringify({ level, time: Date.now(), pid: process.pid, msg, ...plain })}\n`);
}

/**
 * `vigil worker`: works the PostgreSQL job queue (batch-run chunks) until SIGINT or SIGTERM. Start
 * any number, on any machines sharing DATABASE_URL; each takes jobs as it has room.
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
  const webhookSecretKey = resolveWebhookSecretKey(config);
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db.kysely);
  const jobs = createJobQueue(db, config, { clock: systemClock, logger, supervise: true });
  const services = createServices(db, systemClock, {
    webhookSecretKey,
    jobs,
    batchChunkProfiles: config.batchChunkProfiles,
  });
  await jobs.prepare();
  const resumed = await services.batchRuns.runner.recover();
  await jobs.work(services.batchRuns.tasks, { concurrency });
  process.stdout.write(
    `vigil worker ${process.pid} ready (concurrency ${concurrency}, ${resumed} unfinished runs checked)\n`,
  );

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping: finishing the current profile of each job');
    await jobs.stop();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', (s) => void stop(s));
  process.once('SIGTERM', (s) => void stop(s));
}
