/**
 * B6 scale-out (performance.md): B3's batch run on PostgreSQL, worked by 1, then 2, then 4
 * `vigil worker` processes, against itself with 1 worker. The data is loaded once into a database
 * used as a template; each run works on a fresh copy of it (CREATE DATABASE ... TEMPLATE), so every
 * run scores the same never-scored rows.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createDb } from '../src/store/create-db.js';
import { migrateToLatest } from '../src/store/migrations/index.js';
import { createBenchTenant, loadBatchData, type BatchData, type BatchDataOptions } from './lib/batch-data.js';
import { peakRss, timeBatchRun, type TimedBatchRun } from './lib/batch-run.js';
import { createApi } from './lib/http.js';
import { startServer } from './lib/server.js';
import { summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';
import { cpuTicks, samplePostgres, TICKS_PER_SECOND, type PgSample } from './lib/pg-sampler.js';
import { startWorkers, type ChunkTimingLine } from './lib/workers.js';

export interface B6Options {
  data: BatchDataOptions;
  /** Rounds: each times every worker count once. */
  runs: number;
  workerCounts: readonly number[];
  /** Profiles per chunk job (BATCH_CHUNK_PROFILES): enough chunks for the most workers to share. */
  chunkProfiles: number;
  log: (message: string) => void;
  /** When set, each worker's CPU profiles of each run are written there (b6-run1-2w-1/, ...). */
  cpuProfDir?: string;
}

const SERVER = 'postgres://vigil:vigil@127.0.0.1:5432';
const BASE_DB = 'vigil_bench';
const RUN_DB = 'vigil_bench_run';
const ENSURE_POSTGRES = fileURLToPath(new URL('../scripts/ensure-postgres.sh', import.meta.url));

/** Starts PostgreSQL if needed and makes the base database afresh (scripts/ensure-postgres.sh). */
function ensurePostgres(): void {
  const result = spawnSync('bash', [ENSURE_POSTGRES], {
    env: { ...process.env, VIGIL_TEST_PG_DB: BASE_DB },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`ensure-postgres.sh failed with ${String(result.status)}`);
}

/** Runs statements in the maintenance database (CREATE DATABASE cannot run in the one it copies). */
async function admin(...statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER}/postgres` });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

async function loadBase(options: B6Options): Promise<BatchData> {
  const url = `${SERVER}/${BASE_DB}`;
  const db = createDb(url);
  try {
    await migrateToLatest(db.kysely);
    const tenant = await createBenchTenant(db.kysely);
    const server = await startServer({ mode: 'app', env: { DATABASE_URL: url, LOG_LEVEL: 'warn' } });
    try {
      return await loadBatchData(db.kysely, server.url, tenant, options.data);
    } finally {
      await server.stop();
    }
  } finally {
    await db.close();
  }
}

/** One batch run on a fresh copy, with `workers` worker processes; its time and the workers' largest peak RSS. */
async function timedRun(
  data: BatchData,
  workers: number,
  run: number,
  options: B6Options,
): Promise<
  TimedBatchRun & { peakRss: number; chunks: ChunkTimingLine[]; pg: PgSample; workerCpuSeconds: number }
> {
  await admin(
    `DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`,
    `CREATE DATABASE ${RUN_DB} TEMPLATE ${BASE_DB}`,
  );
  const env = {
    DATABASE_URL: `${SERVER}/${RUN_DB}`,
    BATCH_CHUNK_PROFILES: String(options.chunkProfiles),
    RATE_LIMIT_PRODUCTION_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
  };
  const dir = options.cpuProfDir;
  const chunks: ChunkTimingLine[] = [];
  // The server only accepts the POST and answers the GETs: on PostgreSQL the workers do the work.
  // Both start at once: their start-up (node --import tsx) is most of a short run's setup.
  const [serverStart, poolStart] = await Promise.allSettled([
    startServer({ mode: 'app', env }),
    // Workers log each chunk's timing at info level.
    startWorkers(
      workers,
      { ...env, LOG_LEVEL: 'info' },
      dir === undefined ? undefined : { dir, prefix: `b6-run${run + 1}-${workers}w` },
      (timing) => chunks.push(timing),
    ),
  ]);
  if (serverStart.status === 'rejected' || poolStart.status === 'rejected') {
    if (serverStart.status === 'fulfilled') await serverStart.value.stop();
    if (poolStart.status === 'fulfilled') await poolStart.value.stop();
    throw serverStart.status === 'rejected'
      ? serverStart.reason
      : (poolStart as PromiseRejectedResult).reason;
  }
  const server = serverStart.value;
  const pool = poolStart.value;
  try {
    const workerTicks = () => pool.pids.reduce((n, pid) => n + (cpuTicks(pid) ?? 0), 0);
    const ticksBefore = workerTicks();
    const sampler = samplePostgres(SERVER, RUN_DB);
    const timed = await timeBatchRun(createApi(server.url, data.tenantId, data.key), data).finally(() =>
      sampler.stop(),
    );
    const pgSample = await sampler.stop();
    const workerCpuSeconds = (workerTicks() - ticksBefore) / TICKS_PER_SECOND;
    return { ...timed, peakRss: Math.max(...pool.pids.map(peakRss)), chunks, pg: pgSample, workerCpuSeconds };
  } finally {
    await pool.stop();
    await server.stop();
  }
}

export async function runB6(options: B6Options): Promise<BenchResult> {
  const { log } = options;
  let started = performance.now();
  ensurePostgres();
  const data = await loadBase(options);
  log(
    `B6: loaded ${data.profiles} profiles, ${data.transactions} transactions (${data.windowTransactions} in the window), ${data.events} events into PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const rates = new Map<number, number[]>(options.workerCounts.map((n) => [n, []]));
  const speedups = new Map<number, number[]>(options.workerCounts.map((n) => [n, []]));
  const rss: number[] = [];
  const costs = new Map<number, CostSample[]>(options.workerCounts.map((n) => [n, []]));
  try {
    for (let run = 0; run < options.runs; run++) {
      // Alternating order (1, 2, 4 then 4, 2, 1): drift on a shared machine favours no worker count.
      const order = run % 2 === 0 ? options.workerCounts : [...options.workerCounts].reverse();
      const round = new Map<number, number>();
      for (const workers of order) {
        started = performance.now();
        const timed = await timedRun(data, workers, run, options);
        const rate = data.windowTransactions / timed.seconds;
        round.set(workers, rate);
        rates.get(workers)?.push(rate);
        rss.push(timed.peakRss);
        costs.get(workers)?.push(costOf(timed, data.windowTransactions));
        log(
          `B6 run ${run + 1}, ${workers} worker(s): ${Math.round(rate)} tx/s (${timed.seconds.toFixed(1)} s, ${timed.itemsScored} items), worker peak RSS ${Math.round(timed.peakRss / 2 ** 20)} MiB; ${((performance.now() - started) / 1000).toFixed(1)} s with setup`,
        );
      }
      const one = round.get(1) ?? Number.NaN;
      for (const [workers, rate] of round) speedups.get(workers)?.push(rate / one);
    }
  } finally {
    await admin(
      `DROP DATABASE IF EXISTS ${RUN_DB} WITH (FORCE)`,
      `DROP DATABASE IF EXISTS ${BASE_DB} WITH (FORCE)`,
    );
  }
  return result(data, options, { rates, speedups, rss, costs });
}

/** Seconds per 1000 window transactions, by where they went, and the lock waits of one timed run. */
interface CostSample {
  /** Thousand window transactions a second: the run's rate. */
  rate: number;
  workerCpu: number;
  /** Statement waits summed over chunks (chunks of one worker overlap at --concurrency 2). */
  workerDb: number;
  pgCpu: number;
  lockWaitShare: number;
  meanLockWaiters: number;
  meanActive: number;
  chunkWallMs: number;
}

function costOf(
  timed: { chunks: ChunkTimingLine[]; pg: PgSample; workerCpuSeconds: number; seconds: number },
  windowTransactions: number,
): CostSample {
  const per = 1000 / windowTransactions;
  const sum = (pick: (c: ChunkTimingLine) => number) => timed.chunks.reduce((n, c) => n + pick(c), 0);
  return {
    rate: windowTransactions / timed.seconds / 1000,
    workerCpu: timed.workerCpuSeconds * per,
    workerDb: (sum((c) => c.dbMs) / 1000) * per,
    pgCpu: timed.pg.backendCpuSeconds * per,
    lockWaitShare: timed.pg.lockWaitShare,
    meanLockWaiters: timed.pg.meanLockWaiters,
    meanActive: timed.pg.meanActive,
    chunkWallMs: timed.chunks.length === 0 ? 0 : sum((c) => c.wallMs) / timed.chunks.length,
  };
}

/**
 * The scale-out model of bench/README.md: N workers, each with a core of its own, and PostgreSQL
 * with `pgCores`. A worker that has its core runs at r = 1 / c thousand transactions a second (c:
 * its CPU seconds per thousand, measured) and costs PostgreSQL p CPU seconds per thousand
 * (measured), so each worker needs p · r of a database core. Workers add throughput linearly until
 * either the serial share σ (backends waiting on locks held by others) or PostgreSQL's cores run
 * out: S(N) = min(N / (1 + σ(N − 1)), pgCores / (p · r)).
 */
export function projectSpeedup(
  n: number,
  cost: { workerCpu: number; pgCpu: number },
  sigma: number,
  pgCores: number,
): number {
  const amdahl = n / (1 + sigma * (n - 1));
  const ownCoreRate = 1 / cost.workerCpu;
  const pgBound = cost.pgCpu > 0 ? pgCores / (cost.pgCpu * ownCoreRate) : Infinity;
  return Math.min(amdahl, pgBound);
}

function result(
  data: BatchData,
  options: B6Options,
  m: {
    rates: Map<number, number[]>;
    speedups: Map<number, number[]>;
    rss: number[];
    costs: Map<number, CostSample[]>;
  },
): BenchResult {
  const lines: BenchResult['lines'] = options.workerCounts
    .filter((n) => n !== 1)
    .map((n) => ({
      bench: 'B6 scale-out',
      metric: `headline: speedup, ${n} workers vs 1`,
      unit: 'times' as const,
      summary: summarize(m.speedups.get(n) ?? []),
    }));
  for (const n of options.workerCounts)
    lines.push({
      bench: 'B6 scale-out',
      metric: `batch run, ${n} worker${n === 1 ? '' : 's'} (tx/s)`,
      unit: 'per_s',
      summary: summarize(m.rates.get(n) ?? []),
    });
  lines.push({
    bench: 'B6 scale-out',
    metric: 'largest worker peak RSS (VmHWM)',
    unit: 'mib',
    summary: summarize(m.rss.map((b) => b / 2 ** 20)),
  });
  const one = m.costs.get(1) ?? [];
  const most = Math.max(...options.workerCounts);
  const median = (samples: CostSample[], pick: (c: CostSample) => number) => summarize(samples.map(pick));
  lines.push(
    {
      bench: 'B6 model',
      metric: '1 worker: worker CPU per 1000 tx (ms)',
      unit: 'ms',
      summary: median(one, (c) => c.workerCpu * 1000),
    },
    {
      bench: 'B6 model',
      metric: '1 worker: statement waits summed over chunks per 1000 tx (ms)',
      unit: 'ms',
      summary: median(one, (c) => c.workerDb * 1000),
    },
    {
      bench: 'B6 model',
      metric: '1 worker: PostgreSQL backend CPU per 1000 tx (ms)',
      unit: 'ms',
      summary: median(one, (c) => c.pgCpu * 1000),
    },
    {
      bench: 'B6 model',
      metric: '1 worker: mean chunk wall time (ms)',
      unit: 'ms',
      summary: median(one, (c) => c.chunkWallMs),
    },
  );
  for (const n of options.workerCounts)
    lines.push({
      bench: 'B6 model',
      metric: `${n} worker${n === 1 ? '' : 's'}: share of samples with a lock wait`,
      unit: 'percent',
      summary: median(m.costs.get(n) ?? [], (c) => c.lockWaitShare),
    });
  const atMost = m.costs.get(most) ?? [];
  // σ: the share of the busy backends' time spent waiting on locks with the most workers measured.
  const sigma = summarize(
    atMost.map((c) =>
      c.meanActive + c.meanLockWaiters > 0 ? c.meanLockWaiters / (c.meanActive + c.meanLockWaiters) : 0,
    ),
  ).median;
  const cost = {
    rate: summarize(one.map((c) => c.rate)).median,
    workerCpu: summarize(one.map((c) => c.workerCpu)).median,
    pgCpu: summarize(one.map((c) => c.pgCpu)).median,
  };
  for (const [n, pgCores] of [
    [8, 4],
    [32, 16],
  ] as const) {
    const s = projectSpeedup(n, cost, sigma, pgCores);
    lines.push({
      bench: 'B6 model',
      metric: `projected speedup, ${n} workers (own cores, PostgreSQL ${pgCores} cores)`,
      unit: 'times',
      summary: { median: s, min: s, max: s, runs: 1 },
    });
  }
  // The same model on this machine: every worker and PostgreSQL share its cores.
  const cores = os.availableParallelism();
  // Two workers need 2 · r · (c + p) cores; the machine has `cores` for workers and database together.
  const perTx = cost.workerCpu + cost.pgCpu;
  const here = perTx > 0 ? Math.min(2 / (1 + sigma), cores / (perTx * cost.rate)) : Number.NaN;
  // The cores this run's processes actually got: on a machine shared with other work, the rest waited.
  const used = perTx * cost.rate;
  const dbShare = cost.pgCpu / cost.workerCpu;
  lines.push({
    bench: 'B6 model',
    metric: 'PostgreSQL cores each worker needs at its own-core rate (p / c)',
    unit: 'times',
    summary: { median: dbShare, min: dbShare, max: dbShare, runs: 1 },
  });
  lines.push({
    bench: 'B6 model',
    metric: '1 worker: cores used by worker + PostgreSQL (CPU s per wall s)',
    unit: 'times',
    summary: { median: used, min: used, max: used, runs: 1 },
  });
  lines.push({
    bench: 'B6 model',
    metric: `check: predicted 2-worker speedup on these ${cores} shared cores`,
    unit: 'times',
    summary: { median: here, min: here, max: here, runs: 1 },
  });
  const days = Math.round((data.toMs - data.fromMs) / 86_400_000);
  return {
    lines,
    notes: [
      `B6: B3's data (${data.profiles} profiles, ${data.transactions} transactions, ${data.events} events) in PostgreSQL (local, on the same machine); the batch run re-scores the last ${days} days (${data.windowTransactions} transactions), baselines recomputed, in chunks of ${options.chunkProfiles} profiles, worked by N \`vigil worker\` processes (default --concurrency 2 each) started before the POST, the server only accepting it; rate = window transactions / time from the POST to the GET that sees COMPLETED (pg-boss polls every 0.5 s when idle). Each run works on a fresh CREATE DATABASE ... TEMPLATE copy (untimed); each round times every worker count once, in alternating order, and its speedups are against its own 1-worker run. The machine has ${os.availableParallelism()} cores, shared by the workers and PostgreSQL (and other engineers' jobs): more workers than cores cannot add CPU, only overlap waits.`,
    ],
  };
}
