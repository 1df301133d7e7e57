import { DAY_MS } from './baseline.js';

/**
 * Sums per period, counted backwards from asOf (period 0 ends at asOf), covering every period from
 * the first item's to asOf, empty periods included: quiet weeks are part of normal.
 */
export function periodTotals(
  items: readonly { atMs: number; value: number }[],
  asOfMs: number,
  periodDays: number,
): number[] {
  if (items.length === 0) return [];
  const periodMs = periodDays * DAY_MS;
  let oldest = 0;
  const totals = new Map<number, number>();
  for (const { atMs, value } of items) {
    const index = Math.floor((asOfMs - 1 - atMs) / periodMs);
    if (index > oldest) oldest = index;
    totals.set(index, (totals.get(index) ?? 0) + value);
  }
  const out: number[] = [];
  for (let i = 0; i <= oldest; i++) out.push(totals.get(i) ?? 0);
  return out;
}
