import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BATCH_RUN_STATUSES, type BatchRunStatus } from '../values/enums.js';
import { isFinished, transitionBatchRun, type BatchRunEvent } from './batch-run-status.js';

const EVENTS: BatchRunEvent[] = ['start', 'complete', 'fail', 'cancel'];
const ALLOWED: Record<string, BatchRunStatus> = {
  'QUEUED>start': 'RUNNING',
  'QUEUED>fail': 'FAILED',
  'QUEUED>cancel': 'CANCELLED',
  'RUNNING>complete': 'COMPLETED',
  'RUNNING>fail': 'FAILED',
  'RUNNING>cancel': 'CANCELLED',
};
const cases = BATCH_RUN_STATUSES.flatMap((status) =>
  EVENTS.map((event) => [status, event] as [BatchRunStatus, BatchRunEvent]),
);

describe('transitionBatchRun()', () => {
  test.each(cases)('%s on %s follows the batch-run state machine', (status, event) => {
    const outcome = transitionBatchRun(status, event);
    const to = ALLOWED[`${status}>${event}`];
    if (to) expect(outcome).toEqual({ ok: true, status: to });
    else
      expect(outcome).toEqual({ ok: false, reason: isFinished(status) ? 'FINISHED' : 'NOT_RUNNING', status });
  });

  test('any sequence of events reaches at most one finished status and never leaves it', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...EVENTS), { maxLength: 12 }), (events) => {
        let status: BatchRunStatus = 'QUEUED';
        let finishedAs: BatchRunStatus | undefined;
        for (const event of events) {
          const outcome = transitionBatchRun(status, event);
          if (outcome.ok) status = outcome.status;
          if (finishedAs !== undefined) expect(status).toBe(finishedAs);
          if (isFinished(status)) finishedAs = status;
        }
      }),
    );
  });
});
