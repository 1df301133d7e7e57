/**
 * B1 ingest (performance.md): bulk `POST /v1/transactions`, 1000 a request, scored in real time by the
 * full default rule set, through a real listening server, against a raw insert of the same rows into
 * the same SQLite file (better-sqlite3 directly: one prepared statement run per row, one transaction
 * per 1000 rows), the storage ceiling. Each run ingests the next `sliceDays` days of every profile.
 */
import SQLite from 'better-sqlite3';
import { newId } from '../src/lib/ids.js';
import { chunk } from './lib/http.js';
import { DAY_MS, type Fixture, type TimedTransaction } from './lib/population.js';
import { secondsSince, summarize } from './lib/stats.js';
import type { BenchResult } from './lib/types.js';
import { TRANSACTION_COLUMNS } from '../src/resources/transactions/transactions.store.js';

export interface B1Options {
  runs: number;
  sliceDays: number;
  log: (message: string) => void;
}

const BATCH = 1000;

const COLUMNS = TRANSACTION_COLUMNS;

/** The row the app would store for a feed item, with a new ID and a distinct external ID (no conflict). */
function rawRow(fx: Fixture, t: TimedTransaction, nowMs: number): unknown[] {
  const w = t.wire;
  return [
    newId(),
    fx.tenantId,
    'production',
    fx.profileIds.get(w.customer_id),
    `raw-${w.external_id}`,
    t.atMs,
    Math.round(w.amount * 100),
    w.direction,
    w.channel,
    w.counterparty_id ?? null,
    w.counterparty_name ?? null,
    w.counterparty_type ?? null,
    w.counterparty_relationship ?? null,
    w.counterparty_country ?? null,
    w.merchant_category_code ?? null,
    w.description ?? null,
    w.country ?? null,
    w.device_id ?? null,
    w.initiated_by ?? null,
    Math.round(w.balance_after * 100),
    null,
    nowMs,
  ];
}

/** Scored ingest of one slice through HTTP: requests sent one after the other, as `vigil load` sends live rows. */
export async function scoredIngest(fx: Fixture, rows: readonly TimedTransaction[]): Promise<number> {
  const bodies = chunk(rows, BATCH).map((batch) =>
    JSON.stringify({ transactions: batch.map((t) => t.wire) }),
  );
  const started = process.hrtime.bigint();
  let accepted = 0;
  for (const body of bodies) {
    const result = (await fx.api.postRaw('/v1/transactions', body, [201])) as { accepted: number };
    accepted += result.accepted;
  }
  const seconds = secondsSince(started);
  if (accepted !== rows.length) throw new Error(`B1: ${accepted} of ${rows.length} transactions accepted`);
  return rows.length / seconds;
}

/** Raw insert of the same rows into the same file; the rows are deleted afterwards, untimed. */
function rawInsert(fx: Fixture, sqlite: SQLite.Database, rows: readonly TimedTransaction[]): number {
  const nowMs = Date.now();
  const batches = chunk(
    rows.map((t) => rawRow(fx, t, nowMs)),
    BATCH,
  );
  const insert = sqlite.prepare(
    `INSERT INTO transactions (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  const insertBatch = sqlite.transaction((batch: unknown[][]) => {
    for (const row of batch) insert.run(...row);
  });
  const started = process.hrtime.bigint();
  for (const batch of batches) insertBatch(batch);
  const seconds = secondsSince(started);
  const remove = sqlite.prepare('DELETE FROM transactions WHERE id = ?');
  sqlite.transaction(() => {
    for (const batch of batches) for (const row of batch) remove.run(row[0]);
  })();
  return rows.length / seconds;
}

export async function runB1(fx: Fixture, options: B1Options): Promise<BenchResult> {
  const sqlite = new SQLite(fx.dbPath);
  // The pragmas createDb() sets for the app's own connection.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const scored: number[] = [];
  const raw: number[] = [];
  const ratios: number[] = [];
  const sizes: number[] = [];
  try {
    for (let run = 0; run < options.runs; run++) {
      const fromMs = fx.historyEndMs + run * options.sliceDays * DAY_MS;
      const rows = fx.transactionsBetween(fromMs, fromMs + options.sliceDays * DAY_MS);
      sizes.push(rows.length);
      // Each side starts from an empty WAL (checkpointed untimed), so neither pays for the other's
      // pages; which side goes first alternates, so drift on a shared machine favours neither.
      const scoredSide = () => {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        return fx.server.profile(`b1-run${run + 1}`, () => scoredIngest(fx, rows));
      };
      const rawSide = () => {
        sqlite.pragma('wal_checkpoint(TRUNCATE)');
        return rawInsert(fx, sqlite, rows);
      };
      let scoredRate: number;
      let rawRate: number;
      if (run % 2 === 0) {
        scoredRate = await scoredSide();
        rawRate = rawSide();
      } else {
        rawRate = rawSide();
        scoredRate = await scoredSide();
      }
      scored.push(scoredRate);
      raw.push(rawRate);
      ratios.push(scoredRate / rawRate);
      options.log(
        `B1 run ${run + 1}: ${rows.length} transactions, scored ${Math.round(scoredRate)}/s, raw insert ${Math.round(rawRate)}/s`,
      );
    }
  } finally {
    sqlite.close();
  }
  const ratio = summarize(ratios);
  const scoredSummary = summarize(scored);
  const profiles = fx.profileIds.size;
  return {
    lines: [
      {
        bench: 'B1 ingest',
        metric: 'headline: scored rate / raw insert rate',
        unit: 'percent',
        summary: ratio,
        goal: '≥ 30%',
        met: ratio.median >= 0.3,
      },
      {
        bench: 'B1 ingest',
        metric: 'POST /v1/transactions, 1000/request, scored (tx/s)',
        unit: 'per_s',
        summary: scoredSummary,
        goal: '≥ 10,000/s',
        met: scoredSummary.median >= 10_000,
      },
      {
        bench: 'B1 ingest',
        metric: 'raw insert, same rows, same file (tx/s)',
        unit: 'per_s',
        summary: summarize(raw),
      },
    ],
    notes: [
      `B1: fresh SQLite file, ${profiles} profiles with ${Math.round((fx.historyEndMs - fx.population.startMs) / DAY_MS)} days of history loaded with ?scoring=false; each run scores the next ${options.sliceDays} days of all profiles (${sizes.join(' / ')} transactions) in requests of 1000 sent one at a time, simulator file order (customer, then time), baselines recomputed by the scorer when older than 7 days; raw = better-sqlite3 INSERT run per row, one transaction per 1000 rows, in the bench process while the server idles (rows deleted after, untimed); the WAL is checkpointed (untimed) before each side.`,
    ],
  };
}
