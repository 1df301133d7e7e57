import type { Transaction } from '../activity.js';
import { counterpartyKey } from '../activity.js';
import { DAY_MS, type RecurringCredit } from './baseline.js';
import { mad, median } from './statistics.js';

const MIN_OCCURRENCES = 3;
const CADENCES = [
  { days: 7, tolerance: 1 },
  { days: 14, tolerance: 2 },
  { days: 30, tolerance: 4 },
];

function isoWeekday(ms: number): number {
  const day = new Date(ms).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * Credits that come from one source on a steady cadence (benefits, pensions): at least three, with
 * a median gap near 7, 14 or 30 days and little spread around it.
 */
export function findRecurringCredits(credits: readonly Transaction[]): RecurringCredit[] {
  const bySource = new Map<string, Transaction[]>();
  for (const t of credits) {
    const source = counterpartyKey(t) ?? `channel:${t.channel}`;
    const list = bySource.get(source) ?? [];
    list.push(t);
    bySource.set(source, list);
  }
  const found: RecurringCredit[] = [];
  for (const [source, list] of bySource) {
    if (list.length < MIN_OCCURRENCES) continue;
    const times = list.map((t) => t.occurredAtMs).sort((a, b) => a - b);
    const gaps = times.slice(1).map((at, i) => (at - (times[i] ?? at)) / DAY_MS);
    const gap = median(gaps) ?? 0;
    const spread = mad(gaps) ?? 0;
    const cadence = CADENCES.find((c) => Math.abs(gap - c.days) <= c.tolerance && spread <= c.tolerance);
    if (!cadence) continue;
    const days = times.map((at) => (cadence.days === 30 ? new Date(at).getUTCDate() : isoWeekday(at)));
    found.push({
      source,
      cadenceDays: cadence.days,
      usualDay: Math.round(median(days) ?? 0),
      typicalAmountMinor: Math.round(median(list.map((t) => t.amountMinor)) ?? 0),
      count: list.length,
      lastSeenMs: times[times.length - 1] ?? 0,
    });
  }
  return found.sort((a, b) => a.source.localeCompare(b.source));
}
