import type { BatchRunner } from '../../resources/batch-runs/batch-runs.runner.js';
import type { Task } from '../queue.js';
import { planBatchRunTask } from './plan-batch-run.js';
import { scoreBatchChunkTask } from './score-batch-chunk.js';

/** Every task a worker runs (the registry of jobs/tasks). */
export function createTasks(deps: { batchRuns: BatchRunner }): Task[] {
  return [planBatchRunTask(deps.batchRuns), scoreBatchChunkTask(deps.batchRuns)] as Task[];
}
