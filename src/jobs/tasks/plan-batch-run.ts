import { PLAN_TASK } from '../../resources/batch-runs/batch-runs.jobs.js';
import type { BatchRunner } from '../../resources/batch-runs/batch-runs.runner.js';
import type { Task } from '../queue.js';
import { payloadObject, uuidField } from './payload.js';

/** Splits a QUEUED batch run into chunk jobs; a repeat finds the run RUNNING and does nothing. */
export function planBatchRunTask(runner: BatchRunner): Task<{ batchRunId: string }> {
  return {
    name: PLAN_TASK,
    parse: (payload) => ({
      batchRunId: uuidField(PLAN_TASK, payloadObject(PLAN_TASK, payload), 'batch_run_id'),
    }),
    run: ({ batchRunId }) => runner.plan(batchRunId),
    fail: ({ batchRunId }, reason) => runner.fail(batchRunId, `planning ${reason}`),
  };
}
