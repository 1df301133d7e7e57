/**
 * B2 latency (performance.md): single-transaction `POST /v1/profiles/{id}/transactions`, scored in
 * real time, at a fixed 500 requests/s (autocannon overallRate) against a real server: p50 and p99
 * latency and errors. The transactions are the simulator's days after B1's, sent in time order across
 * all profiles, each request a new transaction of one profile, as a live feed sends them.
 */
import { runLoad, type LoadResult } from './lib/load.js';
import type { Fixture } from './lib/population.js';
import { summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

export interface B2Options {
  runs: number;
  durationSeconds: number;
  warmupSeconds: number;
  rate: number;
  connections: number;
  /** The first transaction time sent (B1's slices end here). */
  fromMs: number;
  log: (message: string) => void;
  /** CPU profile file names start with this (the PostgreSQL variant must not overwrite SQLite's). */
  profileName?: string;
}

export async function runB2(fx: Fixture, options: B2Options): Promise<BenchResult> {
  const rows = fx.transactionsBetween(options.fromMs, fx.population.endMs).sort((a, b) => a.atMs - b.atMs);
  const requests = rows.map(({ wire }) => {
    const { customer_id, ...input } = wire;
    return { path: `/v1/profiles/${fx.profileIds.get(customer_id) ?? ''}/transactions`, input };
  });
  let cursor = 0;
  let reused = 0;
  const next = () => {
    const request = requests[cursor % requests.length];
    const lap = Math.floor(cursor / requests.length);
    cursor++;
    if (!request) throw new Error('B2: no transactions to send');
    if (lap > 0) reused++;
    // A second lap must still be new transactions: same rows, another external ID.
    const input =
      lap === 0 ? request.input : { ...request.input, external_id: `${request.input.external_id}-lap${lap}` };
    return { path: request.path, body: JSON.stringify(input) };
  };
  const load = (durationSeconds: number) =>
    runLoad({
      url: fx.server.url,
      method: 'POST',
      headers: { ...fx.api.headers, 'content-type': 'application/json' },
      connections: options.connections,
      overallRate: options.rate,
      durationSeconds,
      next,
    });

  await load(options.warmupSeconds);
  const results: LoadResult[] = [];
  for (let run = 0; run < options.runs; run++) {
    const result = await fx.server.profile(`${options.profileName ?? 'b2'}-run${run + 1}`, () =>
      load(options.durationSeconds),
    );
    results.push(result);
    options.log(
      `B2 run ${run + 1}: ${result.ok} ok at ${Math.round(result.requestsPerSecond)}/s, p50 ${result.latencyP50Ms} ms, p99 ${result.latencyP99Ms} ms, max ${result.latencyMaxMs} ms, ${result.errors} errors`,
    );
  }
  const p99 = summarize(results.map((r) => r.latencyP99Ms));
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  return {
    lines: [
      {
        bench: 'B2 latency',
        metric: 'headline: p99 latency at 500 req/s (ms)',
        unit: 'ms',
        summary: p99,
        goal: '≤ 10 ms',
        met: p99.median <= 10,
      },
      {
        bench: 'B2 latency',
        metric: 'p50 latency (ms)',
        unit: 'ms',
        summary: summarize(results.map((r) => r.latencyP50Ms)),
      },
      {
        bench: 'B2 latency',
        metric: 'errors (non-2xx, connection errors, timeouts)',
        unit: 'count',
        summary: summarize(results.map((r) => r.errors)),
        goal: '0',
        met: errors === 0,
      },
      {
        bench: 'B2 latency',
        metric: 'achieved rate (2xx/s)',
        unit: 'per_s',
        summary: summarize(results.map((r) => r.requestsPerSecond)),
      },
    ],
    notes: [
      `B2: autocannon ${options.connections} connections, overallRate ${options.rate}/s, ${options.durationSeconds} s a run after a ${options.warmupSeconds} s warm-up; each request one new transaction (${cursor} sent from ${requests.length} simulated ones after B1's days, in time order across the ${fx.profileIds.size} profiles${reused > 0 ? `; ${reused} re-sent with new external IDs` : ''}); latency as autocannon measures it from this process, server in its own.`,
    ],
  };
}
