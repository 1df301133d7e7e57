import { createTasks } from '../../jobs/tasks/index.js';
import type { JobLogger, JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../store/create-db.js';
import type { RulesStore } from '../rules/rules.store.js';
import type { SettingsStore } from '../settings/settings.store.js';
import type { BatchScoringDeps } from './batch-runs.scoring.js';
import { createBatchRunner } from './batch-runs.runner.js';
import { createBatchRunsService } from './batch-runs.service.js';
import { createBatchRunsStore } from './batch-runs.store.js';

export interface BatchRunsDeps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  chunkSize: number;
  rules: Pick<RulesStore, 'list'>;
  settings: Pick<SettingsStore, 'load'>;
  scoring: BatchScoringDeps;
}

/**
 * Wires batch runs once: the service behind the routes, the runner the jobs call, and the tasks a
 * worker registers. `startLocalWork` is the embedded (SQLite) mode: the serving process itself
 * resumes unfinished runs and works the queue.
 */
export function createBatchRuns(deps: BatchRunsDeps) {
  const store = createBatchRunsStore(deps.db.kysely, deps.db.dialect);
  const runner = createBatchRunner({
    db: deps.db.kysely,
    store,
    scoring: deps.scoring,
    queue: deps.queue,
    clock: deps.clock,
  });
  const service = createBatchRunsService({
    db: deps.db.kysely,
    store,
    rules: deps.rules,
    settings: deps.settings,
    queue: deps.queue,
    clock: deps.clock,
    chunkSize: deps.chunkSize,
  });
  const tasks = createTasks({ batchRuns: runner });
  return {
    store,
    service,
    runner,
    tasks,
    async startLocalWork(logger: Pick<JobLogger, 'error'>): Promise<void> {
      try {
        await runner.recover();
      } catch (error) {
        // The server still starts; the runs it could not check resume on the next start.
        logger.error({ err: error }, 'could not resume unfinished batch runs');
      }
      await deps.queue.work(tasks);
    },
  };
}
export type BatchRuns = ReturnType<typeof createBatchRuns>;
