import type { BatchRunStatus } from '../values/enums.js';

/** What happens to a batch run (api.md §5.7): planned and started, finished, failed for good, or cancelled. */
export type BatchRunEvent = 'start' | 'complete' | 'fail' | 'cancel';

export type BatchRunTransition =
  | { ok: true; status: BatchRunStatus }
  | { ok: false; reason: 'FINISHED'; status: BatchRunStatus }
  | { ok: false; reason: 'NOT_RUNNING'; status: BatchRunStatus };

const FINISHED: ReadonlySet<BatchRunStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export function isFinished(status: BatchRunStatus): boolean {
  return FINISHED.has(status);
}

/**
 * The batch-run state machine: QUEUED → RUNNING → COMPLETED; QUEUED or RUNNING → FAILED or
 * CANCELLED; a finished run never changes again. `start` needs QUEUED and `complete` RUNNING.
 */
export function transitionBatchRun(status: BatchRunStatus, event: BatchRunEvent): BatchRunTransition {
  if (isFinished(status)) return { ok: false, reason: 'FINISHED', status };
  switch (event) {
    case 'start':
      return status === 'QUEUED'
        ? { ok: true, status: 'RUNNING' }
        : { ok: false, reason: 'NOT_RUNNING', status };
    case 'complete':
      return status === 'RUNNING'
        ? { ok: true, status: 'COMPLETED' }
        : { ok: false, reason: 'NOT_RUNNING', status };
    case 'fail':
      return { ok: true, status: 'FAILED' };
    case 'cancel':
      return { ok: true, status: 'CANCELLED' };
    default: {
      const unreachable: never = event;
      throw new Error(`unknown batch run event ${String(unreachable)}`);
    }
  }
}
