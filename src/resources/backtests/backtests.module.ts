import type { Clock } from '../../lib/clock.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { BatchScoringDeps } from '../../scoring/batch.js';
import type { Db } from '../../store/create-db.js';
import { createBatchRunsStore } from '../batch-runs/batch-runs.store.js';
import type { RulesStore } from '../rules/rules.store.js';
import type { SettingsStore } from '../settings/settings.store.js';
import { createBacktestRunner, createBacktestTask } from './backtests.runner.js';
import { createBacktestsService } from './backtests.service.js';
import { createBacktestsStore } from './backtests.store.js';

/** Wires backtests once: the service behind the routes and the task a batch worker also works. */
export function createBacktests(deps: {
  db: Db;
  clock: Clock;
  queue: JobQueue;
  rules: Pick<RulesStore, 'list'>;
  settings: Pick<SettingsStore, 'load'>;
  scoring: BatchScoringDeps;
}) {
  const store = createBacktestsStore(deps.db.kysely);
  // Only its profile look-ups: which profiles a window covers is the same question for both.
  const batchRuns = createBatchRunsStore(deps.db.kysely, deps.db.dialect);
  const runner = createBacktestRunner({
    db: deps.db.kysely,
    store,
    batchRuns,
    scoring: deps.scoring,
    clock: deps.clock,
  });
  const service = createBacktestsService({
    db: deps.db.kysely,
    store,
    batchRuns,
    rules: deps.rules,
    settings: deps.settings,
    queue: deps.queue,
    clock: deps.clock,
  });
  return { store, runner, service, task: createBacktestTask(runner) };
}
export type Backtests = ReturnType<typeof createBacktests>;
