/** Robust statistics over plain numbers; each returns null for an empty input. */

/**
 * The values in ascending order, as a new array. A Float64Array sorts numerically in native code,
 * with no comparator call per comparison (a third of a baseline's build time was `a - b` calls).
 */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** Percentile p (0..100) by linear interpolation between closest ranks (numpy's default). */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  return values.length === 0 ? null : percentileOfSorted(sortedCopy(values), p);
}

/** `percentile` of values already in ascending order (several percentiles of one series sort once). */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] ?? 0;
  const highValue = sorted[high] ?? lowValue;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function median(values: ArrayLike<number>): number | null {
  return percentile(values, 50);
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: ArrayLike<number>): number | null {
  return madOfSorted(sortedCopy(values));
}

export function madOfSorted(sorted: ArrayLike<number>): number | null {
  const center = percentileOfSorted(sorted, 50);
  if (center === null) return null;
  const deviations = new Float64Array(sorted.length);
  for (let i = 0; i < sorted.length; i++) deviations[i] = Math.abs((sorted[i] as number) - center);
  return percentileOfSorted(deviations.sort(), 50);
}

export function max(values: readonly number[]): number | null {
  let best: number | null = null;
  for (const v of values) if (best === null || v > best) best = v;
  return best;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/** Robust z-score: how many scaled MADs x lies above the median (1.4826 makes MAD match σ for normal data). */
export function robustZ(x: number, center: number, deviation: number): number {
  const scaled = 1.4826 * deviation;
  if (scaled === 0) return x > center ? Number.POSITIVE_INFINITY : 0;
  return (x - center) / scaled;
}
