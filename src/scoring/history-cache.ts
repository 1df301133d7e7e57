import { byTimeThenId, type AccountEvent, type Transaction } from '../domain/activity.js';
import type { History } from '../domain/detection/types.js';

// Real-time scoring reads up to 400 days of a profile's activity for every request; on a live feed
// that read was most of a request's time. A process keeps recent profiles' activity in memory and
// trusts it only while the profile's activity version (read with the profile, under its lock) is
// the one the entry was built at. Every write of activity sets a new version, so an entry is never
// used after another process, a rolled-back ingest or a backfill changed what it mirrors.

interface Entry {
  version: string;
  /** The entry holds every item with occurred_at >= fromMs. */
  fromMs: number;
  transactions: Transaction[];
  events: AccountEvent[];
}

/** Activity since `fromMs`, oldest first, as the database holds it now (inside the caller's transaction). */
export type LoadActivity = (fromMs: number) => Promise<History>;

export interface HistoryRequest {
  key: string;
  /** The version the database held before this write. */
  versionBefore: string | null;
  /** The version this write sets; the entry is left at it. */
  versionAfter: string;
  /** Items this write added (already in the database, so a reload sees them too). */
  added: { transactions: readonly Transaction[]; events: readonly AccountEvent[] };
  fromMs: number;
  toMs: number;
}

// About 150 MiB of heap at most; a year of a typical elder's activity is a few hundred items.
export const DEFAULT_HISTORY_CACHE_ITEMS = 500_000;

// Entries shed what lies more than this before the oldest time asked for, so they stay bounded.
const TRIM_SLACK_MS = 30 * 86_400_000;

/** Index of the first item at or after `atMs` in a list sorted by time. */
function firstAtOrAfter(items: readonly { occurredAtMs: number }[], atMs: number): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((items[mid] as { occurredAtMs: number }).occurredAtMs < atMs) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted<T extends { occurredAtMs: number; id: string }>(list: T[], added: readonly T[]): void {
  for (const item of added) {
    const last = list[list.length - 1];
    if (last === undefined || byTimeThenId(last, item) < 0) list.push(item);
    else {
      let at = firstAtOrAfter(list, item.occurredAtMs);
      while (at < list.length && byTimeThenId(list[at] as T, item) < 0) at++;
      list.splice(at, 0, item);
    }
  }
}

function trimBefore(list: { occurredAtMs: number }[], atMs: number): void {
  list.splice(0, firstAtOrAfter(list, atMs));
}

/** An in-process, size-bounded cache of profiles' activity, least recently used out first. */
export function createHistoryCache(options: { maxItems: number }) {
  const entries = new Map<string, Entry>();
  let size = 0;
  const sizeOf = (e: Entry) => e.transactions.length + e.events.length;

  function store(key: string, entry: Entry): void {
    entries.set(key, entry);
    size += sizeOf(entry);
    for (const [oldest, evicted] of entries) {
      if (size <= options.maxItems) break;
      entries.delete(oldest);
      size -= sizeOf(evicted);
    }
  }

  return {
    /**
     * The profile's activity in [fromMs, toMs), from memory when the entry is at `versionBefore`
     * and reaches back to `fromMs`, else loaded; either way the entry then stands at `versionAfter`.
     */
    async history(request: HistoryRequest, load: LoadActivity): Promise<History> {
      const { key, fromMs, toMs } = request;
      let entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        size -= sizeOf(entry);
      }
      if (entry?.version === request.versionBefore && entry.fromMs <= fromMs) {
        insertSorted(entry.transactions, request.added.transactions);
        insertSorted(entry.events, request.added.events);
        if (fromMs - entry.fromMs > TRIM_SLACK_MS) {
          trimBefore(entry.transactions, fromMs);
          trimBefore(entry.events, fromMs);
          entry.fromMs = fromMs;
        }
      } else {
        const loaded = await load(fromMs);
        entry = {
          version: request.versionAfter,
          fromMs,
          transactions: [...loaded.transactions],
          events: [...loaded.events],
        };
      }
      entry.version = request.versionAfter;
      if (options.maxItems > 0) store(key, entry);
      return {
        transactions: entry.transactions.slice(
          firstAtOrAfter(entry.transactions, fromMs),
          firstAtOrAfter(entry.transactions, toMs),
        ),
        events: entry.events.slice(firstAtOrAfter(entry.events, fromMs), firstAtOrAfter(entry.events, toMs)),
      };
    },

    /** Items held, for metrics and tests. */
    get size(): number {
      return size;
    },
  };
}
export type HistoryCache = ReturnType<typeof createHistoryCache>;
