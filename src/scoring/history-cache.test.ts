import { describe, expect, test } from 'vitest';
import { tx } from '../domain/baseline/test-transactions.js';
import type { Transaction } from '../domain/activity.js';
import type { History } from '../domain/detection/types.js';
import { createHistoryCache, type HistoryRequest } from './history-cache.js';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** A stand-in for the database: the rows it holds and how often it was read. */
function database(rows: Transaction[]) {
  const reads: number[] = [];
  return {
    rows,
    reads,
    load: (fromMs: number): Promise<History> => {
      reads.push(fromMs);
      return Promise.resolve({
        transactions: rows
          .filter((t) => t.occurredAtMs >= fromMs)
          .sort((a, b) => a.occurredAtMs - b.occurredAtMs),
        events: [],
      });
    },
  };
}

function request(overrides: Partial<HistoryRequest>): HistoryRequest {
  return {
    key: 'p-1',
    versionBefore: null,
    versionAfter: 'v1',
    added: { transactions: [], events: [] },
    fromMs: at('2026-01-01T00:00:00Z'),
    toMs: at('2027-01-01T00:00:00Z'),
    ...overrides,
  };
}

const ids = (h: History) => h.transactions.map((t) => t.id);

describe('history cache', () => {
  test('a write at the cached version is served from memory with its new items merged in time order', async () => {
    const cache = createHistoryCache({ maxItems: 100 });
    const db = database([tx('2026-03-01T10:00:00Z', 10), tx('2026-03-05T10:00:00Z', 20)]);
    await cache.history(request({}), db.load);

    const late = tx('2026-03-03T10:00:00Z', 30);
    const last = tx('2026-03-09T10:00:00Z', 40);
    db.rows.push(late, last);
    const history = await cache.history(
      request({ versionBefore: 'v1', versionAfter: 'v2', added: { transactions: [last, late], events: [] } }),
      db.load,
    );
    expect(db.reads).toHaveLength(1);
    expect(history.transactions.map((t) => t.amountMinor / 100)).toEqual([10, 30, 20, 40]);
  });

  test('another version in the database (another process, a rollback, a backfill) reloads', async () => {
    const cache = createHistoryCache({ maxItems: 100 });
    const db = database([tx('2026-03-01T10:00:00Z', 10)]);
    await cache.history(request({}), db.load);
    db.rows.push(tx('2026-03-02T10:00:00Z', 20));

    const history = await cache.history(request({ versionBefore: 'v-other', versionAfter: 'v3' }), db.load);
    expect(db.reads).toHaveLength(2);
    expect(history.transactions.map((t) => t.amountMinor / 100)).toEqual([10, 20]);
  });

  test('a request reaching further back than the entry reloads; only [fromMs, toMs) is returned', async () => {
    const cache = createHistoryCache({ maxItems: 100 });
    const db = database([
      tx('2026-02-01T10:00:00Z', 1),
      tx('2026-03-01T10:00:00Z', 2),
      tx('2026-04-01T10:00:00Z', 3),
    ]);
    await cache.history(request({ fromMs: at('2026-03-01T00:00:00Z') }), db.load);
    const back = await cache.history(
      request({ versionBefore: 'v1', versionAfter: 'v2', fromMs: at('2026-01-15T00:00:00Z') }),
      db.load,
    );
    expect(db.reads).toHaveLength(2);
    expect(back.transactions.map((t) => t.amountMinor / 100)).toEqual([1, 2, 3]);

    const window = await cache.history(
      request({
        versionBefore: 'v2',
        versionAfter: 'v3',
        fromMs: at('2026-02-15T00:00:00Z'),
        toMs: at('2026-04-01T10:00:00Z'),
      }),
      db.load,
    );
    expect(db.reads).toHaveLength(2);
    expect(window.transactions.map((t) => t.amountMinor / 100)).toEqual([2]);
  });

  test('items far older than what is asked for are shed', async () => {
    const cache = createHistoryCache({ maxItems: 100 });
    const old = tx('2025-01-01T10:00:00Z', 1);
    const db = database([old, tx('2026-03-01T10:00:00Z', 2)]);
    await cache.history(request({ fromMs: at('2024-12-01T00:00:00Z') }), db.load);
    expect(cache.size).toBe(2);
    await cache.history(
      request({ versionBefore: 'v1', versionAfter: 'v2', fromMs: old.occurredAtMs + 60 * DAY }),
      db.load,
    );
    expect(cache.size).toBe(1);
  });

  test('the least recently used profiles leave first when the cache is full; size 0 keeps nothing', async () => {
    const cache = createHistoryCache({ maxItems: 3 });
    const dbA = database([tx('2026-03-01T10:00:00Z', 1), tx('2026-03-02T10:00:00Z', 2)]);
    const dbB = database([tx('2026-03-01T10:00:00Z', 3), tx('2026-03-02T10:00:00Z', 4)]);
    await cache.history(request({ key: 'a' }), dbA.load);
    await cache.history(request({ key: 'b' }), dbB.load);
    expect(cache.size).toBe(2);
    await cache.history(request({ key: 'b', versionBefore: 'v1', versionAfter: 'v2' }), dbB.load);
    expect(dbB.reads).toHaveLength(1);
    await cache.history(request({ key: 'a', versionBefore: 'v1', versionAfter: 'v2' }), dbA.load);
    expect(dbA.reads).toHaveLength(2);

    const off = createHistoryCache({ maxItems: 0 });
    const db = database([tx('2026-03-01T10:00:00Z', 1)]);
    const first = await off.history(request({}), db.load);
    const second = await off.history(request({ versionBefore: 'v1', versionAfter: 'v2' }), db.load);
    expect([ids(first), ids(second), db.reads.length, off.size]).toEqual([ids(first), ids(first), 2, 0]);
  });
});
