import type { Config } from '../config.js';
import type { Clock } from '../lib/clock.js';
import type { Db } from '../store/create-db.js';
import { LocalQueue } from './local.js';
import { PgBossQueue } from './pg-boss.js';
import type { JobLogger, JobQueue } from './queue.js';

/**
 * The job queue for the configured database: pg-boss on PostgreSQL (worked by `vigil worker`), the
 * in-process queue on SQLite (worked by the serving process itself). `supervise` is for processes
 * that work PostgreSQL jobs: they expire and retry the jobs of dead workers. `taskNames` are the
 * queues to create (the jobs layer knows no resource: the caller names its tasks).
 */
export function createJobQueue(
  db: Db,
  config: Config,
  options: { clock: Clock; taskNames: readonly string[]; logger?: JobLogger; supervise?: boolean },
): JobQueue {
  if (db.dialect === 'sqlite')
    return new LocalQueue(db.kysely, { clock: options.clock, logger: options.logger });
  return new PgBossQueue({
    connectionString: config.databaseUrl,
    schema: config.jobsSchema,
    taskNames: options.taskNames,
    timeoutSeconds: config.jobTimeoutSeconds,
    supervise: options.supervise,
    logger: options.logger,
  });
}
