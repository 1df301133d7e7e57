import type { JobRequest } from '../../jobs/queue.js';
import { BACKTEST_TASK } from '../backtests/backtests.jobs.js';

/** Plans a QUEUED run: splits its profiles into chunks and queues one job per chunk. */
export const PLAN_TASK = 'batch-run-plan';
/** Scores one chunk of a RUNNING run's profiles, resuming after the last profile it finished. */
export const CHUNK_TASK = 'batch-run-chunk';
/** Every task a batch worker registers: backtests run on the same workers as batch runs. */
export const BATCH_RUN_TASKS = [PLAN_TASK, CHUNK_TASK, BACKTEST_TASK] as const;

export function planJob(batchRunId: string): JobRequest {
  return { task: PLAN_TASK, payload: { batch_run_id: batchRunId }, key: `${batchRunId}:plan` };
}

export function chunkJob(batchRunId: string, chunkNo: number): JobRequest {
  return {
    task: CHUNK_TASK,
    payload: { batch_run_id: batchRunId, chunk_no: chunkNo },
    key: `${batchRunId}:${chunkNo}`,
  };
}
