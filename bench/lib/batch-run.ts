import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from './http.js';
import { secondsSince } from './stats.js';

interface BatchRunJson {
  id: string;
  status: string;
  progress: { profiles_done: number; transactions_scored: number; signals_created: number; errors: number };
  failure_reason: string | null;
}

export interface TimedBatchRun {
  seconds: number;
  /** Transactions and account events the run scored (its progress.transactions_scored). */
  itemsScored: number;
  profilesDone: number;
  signalsCreated: number;
}

/**
 * `POST /v1/batch-runs` over [fromMs, toMs) with baselines recomputed, then `GET` every 50 ms until
 * it finishes; the time is from the POST to the first GET that sees COMPLETED. Anything but a
 * COMPLETED run without errors throws: a benchmark of a failing run means nothing.
 */
export async function timeBatchRun(
  api: Api,
  window: { fromMs: number; toMs: number },
): Promise<TimedBatchRun> {
  const started = process.hrtime.bigint();
  const created = (await api.post(
    '/v1/batch-runs',
    {
      from: new Date(window.fromMs).toISOString(),
      to: new Date(window.toMs).toISOString(),
      recompute_baselines: true,
    },
    [202],
  )) as BatchRunJson;
  for (;;) {
    const run = (await api.get(`/v1/batch-runs/${created.id}`)) as BatchRunJson;
    if (run.status === 'COMPLETED' || run.status === 'FAILED' || run.status === 'CANCELLED') {
      const seconds = secondsSince(started);
      if (run.status !== 'COMPLETED' || run.progress.errors > 0)
        throw new Error(
          `batch run ${run.id} ended ${run.status} with ${run.progress.errors} errors: ${run.failure_reason ?? ''}`,
        );
      return {
        seconds,
        itemsScored: run.progress.transactions_scored,
        profilesDone: run.progress.profiles_done,
        signalsCreated: run.progress.signals_created,
      };
    }
    await sleep(50);
  }
}

/** Peak resident set size of a live process (VmHWM in /proc/PID/status), in bytes. */
export function peakRss(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) * 1024;
}
