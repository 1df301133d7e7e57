/**
 * When a failed attempt is tried again. Quick retries first (a blip), then at most every 2 hours,
 * so a receiver back from an outage gets its signals soon: analysts act on them within the day.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The wait after attempt n (1-based) is DELAYS_MS[n - 1], the last one repeating. */
const DELAYS_MS = [5 * SECOND, 30 * SECOND, 2 * MINUTE, 10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR];

/** Deliveries are retried until this long after the event (api.md §5.8), then given up. */
export const RETRY_WINDOW_MS = 24 * HOUR;

/** The wait after a failed attempt, randomised ±20% so retries of many events spread out. */
export function retryDelayMs(attempt: number, random: () => number): number {
  const index = Math.min(Math.max(attempt, 1), DELAYS_MS.length) - 1;
  const base = DELAYS_MS[index] ?? HOUR;
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** When to try again after failed attempt `attempt`, or undefined when that would pass the window. */
export function nextAttemptAt(
  attempt: number,
  failedAtMs: number,
  eventAtMs: number,
  random: () => number,
): number | undefined {
  const at = failedAtMs + retryDelayMs(attempt, random);
  return at <= eventAtMs + RETRY_WINDOW_MS ? at : undefined;
}
