/**
 * `npm run bench [-- --quick] [-- --only B1,B4] [-- --profile-dir DIR]`: the benchmarks of
 * the performance spec (performance.md) on simulator data, each against its same-run comparison, printed as one table
 * with the machine's core count. B6 needs PostgreSQL (started by scripts/ensure-postgres.sh).
 * --quick: smaller data and short runs (under 2 minutes). --profile-dir DIR: a CPU profile of the
 * app server process for each timed run is written there (see bench/README.md).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runB1 } from './b1-ingest.js';
import { runB2 } from './b2-latency.js';
import { runB3 } from './b3-batch.js';
import { runB4 } from './b4-engine.js';
import { runB5 } from './b5-http.js';
import { runB6 } from './b6-scale-out.js';
import { runB12Postgres } from './b12-postgres.js';
import { createFixture, DAY_MS, type Fixture } from './lib/population.js';
import { renderTable, type Line } from './lib/table.js';
import type { BenchResult } from './lib/types.js';

const SETTINGS = {
  full: {
    population: { profiles: 1000, months: 10, seed: 7, historyDays: 180 },
    b1: { runs: 3, sliceDays: 14 },
    b2: { runs: 3, durationSeconds: 30, warmupSeconds: 3, rate: 500, connections: 10 },
    b4: { profiles: 300, runs: 3 },
    b5: { runs: 3, durationSeconds: 10, warmupSeconds: 2, connections: 10 },
    // About 200 transactions a profile in the window (the simulator makes ~0.85 a day), 130 days of history before it.
    b3: { runs: 3, data: { profiles: 10_000, months: 12, seed: 7, windowDays: 235 } },
    b6: {
      runs: 3,
      workerCounts: [1, 2, 4],
      chunkProfiles: 50,
      data: { profiles: 1000, months: 12, seed: 7, windowDays: 235 },
    },
  },
  quick: {
    population: { profiles: 250, months: 10, seed: 7, historyDays: 180 },
    b1: { runs: 3, sliceDays: 14 },
    b2: { runs: 3, durationSeconds: 5, warmupSeconds: 1, rate: 500, connections: 10 },
    b4: { profiles: 25, runs: 3 },
    b5: { runs: 3, durationSeconds: 3, warmupSeconds: 1, connections: 10 },
    b3: { runs: 3, data: { profiles: 100, months: 12, seed: 7, windowDays: 90 } },
    // One round of 1 and 2 workers: most of a B6 run's time is starting worker processes (about 4 s
    // each through tsx, 4 at once about 17 s on 2 busy cores), so 4 workers are timed by the full run only.
    b6: {
      runs: 1,
      workerCounts: [1, 2],
      chunkProfiles: 5,
      data: { profiles: 50, months: 12, seed: 7, windowDays: 90 },
    },
  },
} as const;

// B1PG/B2PG: B1 and B2 on PostgreSQL (one fixture, run together when either is selected).
const ALL = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B1PG', 'B2PG'] as const;

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'profile-dir': { type: 'string' },
    },
  });
  const mode = values.quick ? 'quick' : 'full';
  const settings = SETTINGS[mode];
  const selected = new Set(
    (values.only ?? ALL.join(','))
      .split(',')
      .map((s) => s.trim().toUpperCase())
      .filter((s) => s !== ''),
  );
  const unknown = [...selected].filter((s) => !(ALL as readonly string[]).includes(s));
  if (unknown.length > 0)
    throw new Error(`unknown benchmark ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  const startedAt = performance.now();
  // `vigil worker` processes (B6) run the compiled dist/, as in production.
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
  const results = new Map<string, BenchResult>();

  if (selected.has('B1') || selected.has('B2') || selected.has('B5')) {
    const fx: Fixture = await createFixture({
      ...settings.population,
      log,
      ...(values['profile-dir'] === undefined ? {} : { cpuProfDir: values['profile-dir'] }),
    });
    try {
      if (selected.has('B1')) results.set('B1', await runB1(fx, { ...settings.b1, log }));
      if (selected.has('B2')) {
        // B2 sends the days after B1's slices, whether or not B1 ran.
        const fromMs = fx.historyEndMs + settings.b1.runs * settings.b1.sliceDays * DAY_MS;
        results.set('B2', await runB2(fx, { ...settings.b2, fromMs, log }));
      }
      if (selected.has('B5')) results.set('B5', await runB5(fx, { ...settings.b5, log }));
    } finally {
      await fx.close();
    }
  }
  if (selected.has('B1PG') || selected.has('B2PG')) {
    const median = (id: string, prefix: string) =>
      results.get(id)?.lines.find((l) => l.metric.startsWith(prefix))?.summary?.median;
    results.set(
      'B1PG',
      await runB12Postgres({
        population: {
          ...settings.population,
          ...(values['profile-dir'] === undefined ? {} : { cpuProfDir: values['profile-dir'] }),
        },
        b1: settings.b1,
        b2: settings.b2,
        sqlite: {
          b1ScoredPerS: median('B1', 'POST /v1/transactions'),
          b2P99Ms: median('B2', 'headline'),
        },
        log,
      }),
    );
  }
  if (selected.has('B4')) results.set('B4', await runB4({ ...settings.b4, log }));
  if (selected.has('B3'))
    results.set(
      'B3',
      await runB3({
        ...settings.b3,
        log,
        ...(values['profile-dir'] === undefined ? {} : { cpuProfDir: values['profile-dir'] }),
      }),
    );
  if (selected.has('B6'))
    results.set(
      'B6',
      await runB6({
        ...settings.b6,
        log,
        ...(values['profile-dir'] === undefined ? {} : { cpuProfDir: values['profile-dir'] }),
      }),
    );

  const lines: Line[] = [];
  const notes: string[] = [];
  for (const id of ALL) {
    const result = results.get(id);
    if (!result) continue;
    lines.push(...result.lines);
    notes.push(...result.notes);
  }
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const title =
    `Vigil benchmarks, ${mode} run (npm run bench${values.quick ? ' -- --quick' : ''}), ${new Date().toISOString()}\n` +
    `machine: ${os.availableParallelism()} cores (os.availableParallelism()), ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.version} ${process.platform}/${process.arch}; embedded SQLite (better-sqlite3, WAL), B6 on PostgreSQL; simulator data`;
  notes.push(
    `Headlines are medians of per-run ratios (each run pairs the two sides, alternating which goes first); absolute rates are context only. Total time ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`,
  );
  process.stdout.write(`${renderTable(title, lines, notes)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
