import { payloadObject, uuidField } from '../../jobs/payload.js';
import type { Task } from '../../jobs/queue.js';
import { CHUNK_TASK, PLAN_TASK } from './batch-runs.jobs.js';
import type { BatchRunner } from './batch-runs.runner.js';

/** Splits a QUEUED batch run into chunk jobs; a repeat finds the run RUNNING and does nothing. */
function planBatchRunTask(runner: BatchRunner): Task<{ batchRunId: string }> {
  return {
    name: PLAN_TASK,
    parse: (payload) => ({
      batchRunId: uuidField(PLAN_TASK, payloadObject(PLAN_TASK, payload), 'batch_run_id'),
    }),
    run: ({ batchRunId }) => runner.plan(batchRunId),
    fail: ({ batchRunId }, reason) => runner.fail(batchRunId, `planning ${reason}`),
  };
}

interface ChunkPayload {
  batchRunId: string;
  chunkNo: number;
}

/**
 * Scores one chunk of a batch run, keyed by (run, chunk number): a retry resumes after the chunk's
 * last finished profile, and evidence keys keep a re-scored profile from adding anything twice.
 */
function scoreBatchChunkTask(runner: BatchRunner): Task<ChunkPayload> {
  return {
    name: CHUNK_TASK,
    parse: (payload) => {
      const p = payloadObject(CHUNK_TASK, payload);
      const chunkNo = p.chunk_no;
      if (typeof chunkNo !== 'number' || !Number.isSafeInteger(chunkNo) || chunkNo < 0)
        throw new Error(`${CHUNK_TASK}: chunk_no must be a whole number`);
      return { batchRunId: uuidField(CHUNK_TASK, p, 'batch_run_id'), chunkNo };
    },
    run: ({ batchRunId, chunkNo }, { signal }) => runner.runChunk(batchRunId, chunkNo, signal),
    // The chunk's last recorded error stays in the database and the log, not in failure_reason,
    // which API clients read: error text can carry database details.
    fail: ({ batchRunId, chunkNo }, reason) => runner.fail(batchRunId, `chunk ${chunkNo} ${reason}`),
  };
}

/** The tasks a worker registers for batch runs. */
export function createBatchRunTasks(runner: BatchRunner): Task[] {
  return [planBatchRunTask(runner), scoreBatchChunkTask(runner)] as Task[];
}
