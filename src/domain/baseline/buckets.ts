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
  return periodSums(
    items.map((i) => i.atMs),
    items.map((i) => i.value),
    asOfMs,
    periodDays,
  );
}

/**
 * periodTotals of items given as parallel series (no object per item): `values[i]` happened at
 * `times[i]`; with `values` null each item counts 1. Items at or after asOf count in no period.
 */
export function periodSums(
  times: ArrayLike<number>,
  values: ArrayLike<number> | null,
  asOfMs: number,
  periodDays: number,
): number[] {
  if (times.length === 0) return [];
  const periodMs = periodDays * DAY_MS;
  const out: number[] = [0];
  for (let i = 0; i < times.length; i++) {
    const index = Math.floor((asOfMs - 1 - (times[i] as number)) / periodMs);
    if (!(index >= 0)) continue;
    while (out.length <= index) out.push(0);
    out[index] = (out[index] as number) + (values === null ? 1 : (values[i] as number));
  }
  return out;
}
