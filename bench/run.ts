/**
 * `npm run bench [-- --quick] [-- --only B1,B4] [-- --profile-dir DIR]`: the benchmarks of
 * the performance spec (performance.md) on simulator data, each against its same-run comparison, printed as one table
 * with the machine's core count. B3 and B6 need batch runs and are listed as not run until they exist.
 * --quick: smaller data and short runs (under 2 minutes). --profile-dir DIR: a CPU profile of the
 * app server process for each timed HTTP run is written there (see bench/README.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { runB1 } from './b1-ingest.js';
import { runB2 } from './b2-latency.js';
import { runB4 } from './b4-engine.js';
import { runB5 } from './b5-http.js';
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
  },
  quick: {
    population: { profiles: 250, months: 10, seed: 7, historyDays: 180 },
    b1: { runs: 3, sliceDays: 14 },
    b2: { runs: 3, durationSeconds: 5, warmupSeconds: 1, rate: 500, connections: 10 },
    b4: { profiles: 25, runs: 3 },
    b5: { runs: 3, durationSeconds: 3, warmupSeconds: 1, connections: 10 },
  },
} as const;

const ALL = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6'] as const;
const NAMES: Record<(typeof ALL)[number], string> = {
  B1: 'B1 ingest',
  B2: 'B2 latency',
  B3: 'B3 batch',
  B4: 'B4 engine',
  B5: 'B5 HTTP',
  B6: 'B6 scale-out',
};

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/**
 * B3 and B6 re-score through batch runs, which are being built elsewhere: listed as not run until
 * src/resources/batch-runs exists and README.md documents its entry point (and a driver is written here).
 */
function batchRunsResult(id: 'B3' | 'B6'): BenchResult {
  const present = existsSync(new URL('../src/resources/batch-runs', import.meta.url));
  const readme = new URL('../README.md', import.meta.url);
  const documented = present && existsSync(readme) && /batch[- ]runs?/i.test(readFileSync(readme, 'utf8'));
  const text = !present
    ? 'not run: batch runs not available'
    : documented
      ? 'not run: batch runs not available to bench/ (documented, but no B3/B6 driver written yet)'
      : 'not run: batch runs not available (src/resources/batch-runs in progress, no documented entry point)';
  return { lines: [{ bench: NAMES[id], metric: '', text }], notes: [] };
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
  if (selected.has('B4')) results.set('B4', await runB4({ ...settings.b4, log }));
  if (selected.has('B3')) results.set('B3', batchRunsResult('B3'));
  if (selected.has('B6')) results.set('B6', batchRunsResult('B6'));

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
    `Node ${process.version} ${process.platform}/${process.arch}; embedded SQLite (better-sqlite3, WAL); simulator data`;
  notes.push(
    `Headlines are medians of per-run ratios (each run pairs the two sides, alternating which goes first); absolute rates are context only. Total time ${((performance.now() - startedAt) / 1000).toFixed(0)} s.`,
  );
  process.stdout.write(`${renderTable(title, lines, notes)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
