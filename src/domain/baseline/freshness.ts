import { DAY_MS } from './baseline.js';

/** A stored baseline serves items up to this long after its as_of (detection.md §3: older ones are recomputed). */
export const BASELINE_MAX_AGE_MS = 7 * DAY_MS;
// A baseline computed "now" still serves items stamped shortly before now (feeds lag a little).
const LATE_TOLERANCE_MS = DAY_MS;

export type BaselineChoice = 'use' | 'recompute' | 'transient';

/**
 * Which baseline scores an item at atMs: the stored one when its as_of lies in [atMs − 7 days,
 * atMs + 1 day]; a fresh one, stored, when it is missing or older; a transient one as of the item when
 * the item is older than the stored baseline (a late arrival must not be judged by later behaviour).
 */
export function chooseBaseline(storedAsOfMs: number | undefined, atMs: number): BaselineChoice {
  if (storedAsOfMs === undefined || storedAsOfMs < atMs - BASELINE_MAX_AGE_MS) return 'recompute';
  if (storedAsOfMs > atMs + LATE_TOLERANCE_MS) return 'transient';
  return 'use';
}
