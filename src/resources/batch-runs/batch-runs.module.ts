import type { JobLogger, JobQueue, Task } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../store/create-db.js';
import type { RulesStore } from '../rules/rules.store.js';
import type { SettingsStore } from '../settings/settings.store.js';
import type { BatchScoringDeps } from '../../scoring/batch.js';
import { createScoringPool } from '../../scoring/pool/pool.js';
import { createBatchRunner, type ChunkTiming } from './batch-runs.runner.js';
import { createBatchRunsService } from './batch-runs.service.js';
import { createBatchRunsStore } from './batch-runs.store.js';
import { createBatchRunTasks } from './batch-runs.tasks.js';

export interface BatchRunsDeps {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  chunkSize: number;
  /** Worker threads for the pure part of scoring (0: on the main thread). */
  scoringThreads: number;
  rules: Pick<RulesStore, 'list'>;
  settings: Pick<SettingsStore, 'load'>;
  scoring: BatchScoringDeps;
  onChunkTimed?: (timing: ChunkTiming) => void;
  /** Other tasks a batch worker works too (backtests). */
  extraTasks?: readonly Task[];
}

/**
 * Wires batch runs once: the service behind the routes, the runner the jobs call, and the tasks a
 * worker registers. `startWork` makes this process a worker: it resumes unfinished runs and works the
 * queue (`vigil worker`, and `vigil serve` unless --worker-concurrency 0).
 */
export function createBatchRuns(deps: BatchRunsDeps) {
  const store = createBatchRunsStore(deps.db.kysely, deps.db.dialect);
  // Threads start on the first chunk scored, so processes that never work a run never start one.
  const pool = deps.scoringThreads > 0 ? createScoringPool({ size: deps.scoringThreads }) : undefined;
  const runner = createBatchRunner({
    db: deps.db.kysely,
    store,
    scoring: deps.scoring,
    queue: deps.queue,
    clock: deps.clock,
    pool,
    onChunkTimed: deps.onChunkTimed,
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
  const tasks = [...createBatchRunTasks(runner), ...(deps.extraTasks ?? [])];
  return {
    store,
    service,
    runner,
    tasks,
    pool,
    /** Stops the scoring threads (after the jobs have stopped: a chunk still scoring fails and resumes later). */
    close: async (): Promise<void> => {
      await pool?.close();
    },
    async startWork(logger: Pick<JobLogger, 'error'>, concurrency = 1): Promise<number> {
      let resumed = 0;
      try {
        resumed = await runner.recover();
      } catch (error) {
        // The server still starts; the runs it could not check resume on the next start.
        logger.error({ err: error }, 'could not resume unfinished batch runs');
      }
      await deps.queue.work(tasks, { concurrency });
      return resumed;
    },
  };
}
export type BatchRuns = ReturnType<typeof createBatchRuns>;
