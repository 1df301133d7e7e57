import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import { BATCH_RUN_TASKS } from '../resources/batch-runs/batch-runs.jobs.js';
import type { Db } from '../store/create-db.js';
import { LocalQueue } from './local.js';
import { PgBossQueue } from './pg-boss.js';
import type { JobLogger, JobQueue } from './queue.js';

/**
 * The job queue for the configured database: pg-boss on PostgreSQL (worked by `vigil worker`), the
 * in-process queue on SQLite (worked by the serving process itself). `supervise` is for processes
 * that work PostgreSQL jobs: they expire and retry the jobs of dead workers.
 */
export function createJobQueue(
  db: Db,
  config: Config,
  options: { clock: Clock; logger?: JobLogger; supervise?: boolean },
): JobQueue {
  if (db.dialect === 'sqlite')
    return new LocalQueue(db.kysely, { clock: options.clock, logger: options.logger });
  return new PgBossQueue({
    connectionString: config.databaseUrl,
    schema: config.jobsSchema,
    taskNames: BATCH_RUN_TASKS,
    timeoutSeconds: config.jobTimeoutSeconds,
    supervise: options.supervise,
    logger: options.logger,
  });
}
