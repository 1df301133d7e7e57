import type { JobRequest } from '../../jobs/queue.js';

/** Replays a backtest's window with both rule sets; a retry starts over (a backtest writes nothing to undo). */
export const BACKTEST_TASK = 'backtest-run';

export function backtestJob(backtestId: string): JobRequest {
  return { task: BACKTEST_TASK, payload: { backtest_id: backtestId }, key: `${backtestId}:run` };
}
