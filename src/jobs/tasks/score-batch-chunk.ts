import { CHUNK_TASK } from '../../resources/batch-runs/batch-runs.jobs.js';
import type { BatchRunner } from '../../resources/batch-runs/batch-runs.runner.js';
import type { Task } from '../queue.js';
import { payloadObject, uuidField } from './payload.js';

interface ChunkPayload {
  batchRunId: string;
  chunkNo: number;
}

/**
 * Scores one chunk of a batch run, keyed by (run, chunk number): a retry resumes after the chunk's
 * last finished profile, and evidence keys keep a re-scored profile from adding anything twice.
 */
export function scoreBatchChunkTask(runner: BatchRunner): Task<ChunkPayload> {
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
