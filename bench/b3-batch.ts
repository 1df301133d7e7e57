/**
 * B3 batch (performance.md): a batch run re-scoring every transaction of a window, baselines
 * recomputed, run by the embedded server's in-process runner on SQLite, against a plain read of the
 * same rows from the same file (better-sqlite3 iterating them in the bench process), the read ceiling.
 * Each run works on a fresh copy of one loaded file, so every run scores the same never-scored rows.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { TRANSACTION_COLUMNS } from '../src/resources/transactions/transactions.store.js';
import { createDb } from '../src/store/create-db.js';
import { migrateToLatest } from '../src/store/migrations/index.js';
import { createBenchTenant, loadBatchData, type BatchData, type BatchDataOptions } from './lib/batch-data.js';
import { peakRss, timeBatchRun, type TimedBatchRun } from './lib/batch-run.js';
import { cpuTicks, TICKS_PER_SECOND } from './lib/pg-sampler.js';
import { createApi } from './lib/http.js';
import { startServer } from './lib/server.js';
import { secondsSince, summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';

export interface B3Options {
  data: BatchDataOptions;
  runs: number;
  log: (message: string) => void;
  cpuProfDir?: string;
}

const SERVER_ENV = { RATE_LIMIT_PRODUCTION_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' };

async function loadBase(path: string, options: B3Options): Promise<BatchData> {
  const db = createDb(`file:${path}`);
  try {
    await migrateToLatest(db.kysely);
    const tenant = await createBenchTenant(db.kysely);
    const server = await startServer({ mode: 'app', env: { ...SERVER_ENV, DATABASE_URL: `file:${path}` } });
    try {
      return await loadBatchData(db.kysely, server.url, tenant, options.data);
    } finally {
      await server.stop();
    }
  } finally {
    // Folds the WAL into the file, so a copy of the file alone is the whole database.
    db.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
    await db.close();
  }
}

/** The batch run in a server started on `path`: its time, counts and the server's peak RSS. */
async function batchSide(
  path: string,
  data: BatchData,
  run: number,
  options: B3Options,
): Promise<TimedBatchRun & { peakRss: number; cpuSeconds: number }> {
  const server = await startServer({
    mode: 'app',
    env: { ...SERVER_ENV, DATABASE_URL: `file:${path}` },
    ...(options.cpuProfDir === undefined ? {} : { cpuProfDir: options.cpuProfDir }),
  });
  try {
    const api = createApi(server.url, data.tenantId, data.key);
    // The server's CPU time (all its threads) over the run: on a shared machine, steadier than the wall time.
    const ticksBefore = cpuTicks(server.pid) ?? 0;
    const timed = await server.profile(`b3-run${run + 1}`, () => timeBatchRun(api, data));
    const cpuSeconds = ((cpuTicks(server.pid) ?? 0) - ticksBefore) / TICKS_PER_SECOND;
    return { ...timed, peakRss: peakRss(server.pid), cpuSeconds };
  } finally {
    await server.stop();
  }
}

/** Every transaction of the window, with the columns the store reads, iterated one row at a time. */
function readSide(path: string, data: BatchData): number {
  const sqlite = new SQLite(path, { readonly: true });
  try {
    const statement = sqlite.prepare(
      `SELECT ${TRANSACTION_COLUMNS.join(', ')}, evaluation FROM transactions
       WHERE tenant_id = ? AND environment = 'production' AND occurred_at >= ? AND occurred_at < ?`,
    );
    const started = process.hrtime.bigint();
    let rows = 0;
    let total = 0;
    // Each row is materialised as an object and one of its columns used, as a consumer would.
    for (const row of statement.iterate(data.tenantId, data.fromMs, data.toMs) as Iterable<{
      amount_minor: number;
    }>) {
      rows += 1;
      total += row.amount_minor;
    }
    const seconds = secondsSince(started);
    if (!Number.isFinite(total)) throw new Error('B3: unreadable amounts');
    if (rows !== data.windowTransactions)
      throw new Error(`B3: read ${rows} rows, expected ${data.windowTransactions}`);
    return rows / seconds;
  } finally {
    sqlite.close();
  }
}

export async function runB3(options: B3Options): Promise<BenchResult> {
  const { log } = options;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-b3-'));
  const base = join(dir, 'base.db');
  const copy = join(dir, 'run.db');
  const batch: number[] = [];
  const read: number[] = [];
  const ratios: number[] = [];
  const rss: number[] = [];
  const cpu: number[] = [];
  try {
    let started = performance.now();
    const data = await loadBase(base, options);
    log(
      `B3: loaded ${data.profiles} profiles, ${data.transactions} transactions (${data.windowTransactions} in the window), ${data.events} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (let run = 0; run < options.runs; run++) {
      started = performance.now();
      copyFileSync(base, copy);
      log(
        `B3 run ${run + 1}: fresh copy of the file in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      // Which side goes first alternates, so drift on a shared machine favours neither.
      let timed: TimedBatchRun & { peakRss: number; cpuSeconds: number };
      let readRate: number;
      if (run % 2 === 0) {
        timed = await batchSide(copy, data, run, options);
        readRate = readSide(copy, data);
      } else {
        readRate = readSide(copy, data);
        timed = await batchSide(copy, data, run, options);
      }
      const batchRate = data.windowTransactions / timed.seconds;
      batch.push(batchRate);
      read.push(readRate);
      ratios.push(batchRate / readRate);
      rss.push(timed.peakRss);
      cpu.push((timed.cpuSeconds * 1e6) / data.windowTransactions);
      log(
        `B3 run ${run + 1}: batch ${Math.round(batchRate)} tx/s (${timed.seconds.toFixed(1)} s, ${timed.itemsScored} items, ${timed.signalsCreated} signals, server CPU ${timed.cpuSeconds.toFixed(2)} s), read ${Math.round(readRate)} tx/s, server peak RSS ${Math.round(timed.peakRss / 2 ** 20)} MiB`,
      );
    }
    return result(data, { batch, read, ratios, rss, cpu });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function result(
  data: BatchData,
  m: { batch: number[]; read: number[]; ratios: number[]; rss: number[]; cpu: number[] },
): BenchResult {
  const batch = summarize(m.batch);
  const rss = summarize(m.rss.map((b) => b / 2 ** 20));
  const days = Math.round((data.toMs - data.fromMs) / 86_400_000);
  return {
    lines: [
      {
        bench: 'B3 batch',
        metric: 'headline: batch run rate / plain read rate',
        unit: 'percent',
        summary: summarize(m.ratios),
      },
      {
        bench: 'B3 batch',
        metric: 'batch run, baselines recomputed (tx/s)',
        unit: 'per_s',
        summary: batch,
        goal: '≥ 50,000/s',
        met: batch.median >= 50_000,
      },
      {
        bench: 'B3 batch',
        metric: 'plain read, same rows (tx/s)',
        unit: 'per_s',
        summary: summarize(m.read),
      },
      {
        bench: 'B3 batch',
        metric: 'server CPU per window transaction (µs)',
        unit: 'us',
        summary: summarize(m.cpu),
      },
      {
        bench: 'B3 batch',
        metric: 'server peak RSS (VmHWM)',
        unit: 'mib',
        summary: rss,
        goal: '≤ 512 MiB',
        met: rss.max <= 512,
      },
    ],
    notes: [
      `B3: ${data.profiles} profiles, ${data.transactions} transactions and ${data.events} account events (simulator, inserted directly, never scored); the batch run re-scores the last ${days} days (${data.windowTransactions} transactions, plus the events of the window) with baselines recomputed as of its start, in the embedded server's in-process runner (its own process, default chunk size); rate = window transactions / time from POST /v1/batch-runs to the GET that sees COMPLETED (polled every 50 ms). A re-run over the same window does less work (evaluations kept, evidence never duplicated), so each run copies the loaded file afresh (untimed) and runs the server on the copy. Read = better-sqlite3 iterate() over the window's transactions with the store's columns, in the bench process, same copy; which side goes first alternates. Peak RSS is the server's VmHWM after the run (server start included). Server CPU = the server process's user + system time (all threads, /proc) from the POST to COMPLETED, per window transaction: what the run cost on a shared machine, where wall time is noisy.`,
    ],
  };
}
