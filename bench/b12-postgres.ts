/**
 * B1 and B2 on PostgreSQL (issue 14): the same population, history and traffic as the SQLite runs,
 * loaded into a fresh PostgreSQL database (local, on this machine) and served by the same app.
 * Headline: PostgreSQL's scored ingest rate as a share of SQLite's in the same `npm run bench`
 * (goal ≥ 50%, "within 2×"), and B2's p99 beside SQLite's.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runB2, type B2Options } from './b2-latency.js';
import { scoredIngest } from './b1-ingest.js';
import { createFixture, DAY_MS, type FixtureOptions } from './lib/population.js';
import { summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

const DB = 'vigil_bench_pg';
const URL_OF_DB = `postgres://vigil:vigil@127.0.0.1:5432/${DB}`;
const ENSURE_POSTGRES = fileURLToPath(new URL('../scripts/ensure-postgres.sh', import.meta.url));

export interface B12PgOptions {
  population: Omit<FixtureOptions, 'log' | 'postgresUrl'>;
  b1: { runs: number; sliceDays: number };
  b2: Omit<B2Options, 'fromMs' | 'log'>;
  /** The SQLite runs' medians from this bench run, to compare against (absent when they did not run). */
  sqlite: { b1ScoredPerS?: number; b2P99Ms?: number };
  log: (message: string) => void;
}

export async function runB12Postgres(options: B12PgOptions): Promise<BenchResult> {
  const made = spawnSync('bash', [ENSURE_POSTGRES], {
    env: { ...process.env, VIGIL_TEST_PG_DB: DB },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (made.status !== 0) throw new Error(`ensure-postgres.sh failed with ${String(made.status)}`);
  const fx = await createFixture({ ...options.population, postgresUrl: URL_OF_DB, log: options.log });
  const scored: number[] = [];
  let b2: BenchResult;
  try {
    for (let run = 0; run < options.b1.runs; run++) {
      const fromMs = fx.historyEndMs + run * options.b1.sliceDays * DAY_MS;
      const rows = fx.transactionsBetween(fromMs, fromMs + options.b1.sliceDays * DAY_MS);
      const rate = await fx.server.profile(`b1pg-run${run + 1}`, () => scoredIngest(fx, rows));
      scored.push(rate);
      options.log(`B1 PostgreSQL run ${run + 1}: ${rows.length} transactions, scored ${Math.round(rate)}/s`);
    }
    const fromMs = fx.historyEndMs + options.b1.runs * options.b1.sliceDays * DAY_MS;
    b2 = await runB2(fx, { ...options.b2, fromMs, log: options.log, profileName: 'b2pg' });
  } finally {
    await fx.close();
    spawnSync(
      'psql',
      ['postgres://vigil:vigil@127.0.0.1:5432/postgres', '-qc', `DROP DATABASE IF EXISTS ${DB}`],
      {
        stdio: 'ignore',
      },
    );
  }
  const scoredSummary = summarize(scored);
  const share =
    options.sqlite.b1ScoredPerS === undefined
      ? undefined
      : scoredSummary.median / options.sqlite.b1ScoredPerS;
  const p99 = b2.lines.find((l) => l.metric.startsWith('headline'))?.summary;
  return {
    lines: [
      share === undefined
        ? {
            bench: 'B1 PostgreSQL',
            metric: 'headline: scored rate / SQLite scored rate',
            text: 'B1 (SQLite) not run',
          }
        : {
            bench: 'B1 PostgreSQL',
            metric: 'headline: scored rate / SQLite scored rate (medians)',
            unit: 'percent',
            summary: { median: share, min: share, max: share, runs: 1 },
            goal: '≥ 50% (within 2×)',
            met: share >= 0.5,
          },
      {
        bench: 'B1 PostgreSQL',
        metric: 'POST /v1/transactions, 1000/request, scored (tx/s)',
        unit: 'per_s',
        summary: scoredSummary,
      },
      ...b2.lines.map((l) => ({
        ...l,
        bench: 'B2 PostgreSQL',
        ...(l.metric.startsWith('headline') && options.sqlite.b2P99Ms !== undefined && p99
          ? {
              goal: `≤ 2 × SQLite's ${options.sqlite.b2P99Ms.toFixed(1)} ms`,
              met: p99.median <= 2 * options.sqlite.b2P99Ms,
            }
          : {}),
      })),
    ],
    notes: [
      `B1/B2 PostgreSQL: the SQLite runs' population, history and traffic loaded into a fresh local PostgreSQL database (${DB}, dropped after), same app and settings; B1's share compares the two medians of this bench run (not paired runs).`,
    ],
  };
}
