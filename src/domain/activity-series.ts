import { isCustomerInitiated, type Transaction } from './activity.js';
import { periodTotals } from './baseline/buckets.js';
import { percentileOfSorted, sortedCopy } from './baseline/statistics.js';

const DAY_MS = 86_400_000;

export const SERIES_BUCKETS = ['day', 'week'] as const;
export type SeriesBucket = (typeof SERIES_BUCKETS)[number];

/** The most buckets one request may ask for: a year and a bit of days, two years and a bit of weeks. */
export const MAX_BUCKETS: Record<SeriesBucket, number> = { day: 400, week: 120 };
/** Buckets shown when the client gives no `from`. */
export const DEFAULT_BUCKETS: Record<SeriesBucket, number> = { day: 90, week: 26 };

export interface SeriesRange {
  bucket: SeriesBucket;
  /** Start of the first bucket (UTC midnight; a Monday for weeks). */
  fromMs: number;
  /** End of the last bucket, exclusive. */
  toMs: number;
}

export type RangeDecision =
  | { ok: true; range: SeriesRange }
  | { ok: false; reason: 'FROM_AFTER_TO' }
  | { ok: false; reason: 'TOO_MANY_BUCKETS'; max: number };

const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
// 1970-01-01 was a Thursday: days since the epoch + 3, mod 7, is days since Monday.
const startOfWeek = (ms: number) => startOfDay(ms) - ((Math.floor(ms / DAY_MS) + 3) % 7) * DAY_MS;

/**
 * The buckets of [fromDay, toDay], both days included (epoch ms of UTC dates); weeks are ISO weeks
 * (Monday to Sunday) covering those days. `toDay` defaults to today, `fromDay` to the default span.
 */
export function decideSeriesRange(
  bucket: SeriesBucket,
  fromDayMs: number | undefined,
  toDayMs: number | undefined,
  nowMs: number,
): RangeDecision {
  const size = bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const align = bucket === 'day' ? startOfDay : startOfWeek;
  const lastStart = align(toDayMs ?? nowMs);
  const firstStart =
    fromDayMs === undefined ? lastStart - (DEFAULT_BUCKETS[bucket] - 1) * size : align(fromDayMs);
  if (firstStart > lastStart) return { ok: false, reason: 'FROM_AFTER_TO' };
  if ((lastStart - firstStart) / size + 1 > MAX_BUCKETS[bucket])
    return { ok: false, reason: 'TOO_MANY_BUCKETS', max: MAX_BUCKETS[bucket] };
  return { ok: true, range: { bucket, fromMs: firstStart, toMs: lastStart + size } };
}

/** The typical outflow of one bucket in the baseline's window: median and 90th percentile, minor units. */
export interface OutflowBand {
  medianMinor: number;
  p90Minor: number;
}

/**
 * Daily or weekly debit totals over the baseline's window, counted back from its as-of time as the
 * baseline counts weeks (detection.md §3; quiet periods count as zero), reduced to median and p90.
 */
export function buildOutflowBand(
  debits: readonly Pick<Transaction, 'occurredAtMs' | 'amountMinor'>[],
  asOfMs: number,
  bucket: SeriesBucket,
): OutflowBand | null {
  const totals = periodTotals(
    debits.map((t) => ({ atMs: t.occurredAtMs, value: t.amountMinor })),
    asOfMs,
    bucket === 'day' ? 1 : 7,
  );
  if (totals.length === 0) return null;
  const sorted = sortedCopy(totals);
  return {
    medianMinor: Math.round(percentileOfSorted(sorted, 50) ?? 0),
    p90Minor: Math.round(percentileOfSorted(sorted, 90) ?? 0),
  };
}

export interface SeriesPoint {
  startMs: number;
  debitsMinor: number;
  creditsMinor: number;
  customerInitiatedDebitsMinor: number;
  count: number;
}

/** One point per bucket of the range, empty buckets included; items outside the range are ignored. */
export function buildSeriesPoints(
  range: SeriesRange,
  transactions: readonly Pick<
    Transaction,
    'occurredAtMs' | 'amountMinor' | 'direction' | 'channel' | 'initiatedBy'
  >[],
): SeriesPoint[] {
  const size = range.bucket === 'day' ? DAY_MS : 7 * DAY_MS;
  const points: SeriesPoint[] = [];
  for (let start = range.fromMs; start < range.toMs; start += size)
    points.push({
      startMs: start,
      debitsMinor: 0,
      creditsMinor: 0,
      customerInitiatedDebitsMinor: 0,
      count: 0,
    });
  for (const t of transactions) {
    if (t.occurredAtMs < range.fromMs || t.occurredAtMs >= range.toMs) continue;
    const point = points[Math.floor((t.occurredAtMs - range.fromMs) / size)];
    if (!point) continue;
    point.count += 1;
    if (t.direction === 'CREDIT') point.creditsMinor += t.amountMinor;
    else {
      point.debitsMinor += t.amountMinor;
      if (isCustomerInitiated(t)) point.customerInitiatedDebitsMinor += t.amountMinor;
    }
  }
  return points;
}
