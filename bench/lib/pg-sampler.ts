import { readFileSync } from 'node:fs';
import pg from 'pg';

/** What the database did during a timed run: its backends' CPU time and how often they waited on locks. */
export interface PgSample {
  /** CPU seconds (user + system) of the backends connected to the database, summed. */
  backendCpuSeconds: number;
  /** Share of samples in which at least one backend waited on a lock. */
  lockWaitShare: number;
  /** Mean number of backends waiting on a lock per sample. */
  meanLockWaiters: number;
  /** Mean number of backends running a statement (state active, not waiting on a lock) per sample. */
  meanActive: number;
  samples: number;
}

export const TICKS_PER_SECOND = 100;

export function cpuTicks(pid: number): number | undefined {
  try {
    // Fields after the command name: utime and stime are the 12th and 13th (man 5 proc).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/**
 * Samples pg_stat_activity for one database every `everyMs` until stopped: lock waits, active
 * backends, and each backend's CPU from /proc (PostgreSQL runs on this machine), so only this
 * database's work counts, not other users' of the same cluster.
 */
export function samplePostgres(serverUrl: string, database: string, everyMs = 50) {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  let samples = 0;
  let withWaits = 0;
  let waiters = 0;
  let active = 0;
  let stopped = false;
  const loop = (async () => {
    await client.connect();
    while (!stopped) {
      const { rows } = await client.query<{ pid: number; waiting: boolean; active: boolean }>(
        `SELECT pid, wait_event_type = 'Lock' AS waiting, state = 'active' AS active
         FROM pg_stat_activity WHERE datname = $1`,
        [database],
      );
      samples += 1;
      const waiting = rows.filter((r) => r.waiting).length;
      waiters += waiting;
      if (waiting > 0) withWaits += 1;
      active += rows.filter((r) => r.active && !r.waiting).length;
      for (const { pid } of rows) {
        const ticks = cpuTicks(pid);
        if (ticks === undefined) continue;
        if (!first.has(pid)) first.set(pid, ticks);
        last.set(pid, ticks);
      }
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
    await client.end();
  })();
  return {
    async stop(): Promise<PgSample> {
      stopped = true;
      await loop;
      let ticks = 0;
      for (const [pid, end] of last) ticks += end - (first.get(pid) ?? end);
      return {
        backendCpuSeconds: ticks / TICKS_PER_SECOND,
        lockWaitShare: samples === 0 ? 0 : withWaits / samples,
        meanLockWaiters: samples === 0 ? 0 : waiters / samples,
        meanActive: samples === 0 ? 0 : active / samples,
        samples,
      };
    },
  };
}
