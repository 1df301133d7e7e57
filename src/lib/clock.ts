/** The source of "now" for the shells; the domain receives times as arguments instead. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock tests can move by hand. */
export function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let current = startMs;
  return {
    nowMs: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function isoTimestamp(ms: number): string {
  return new Date(ms).toISOString();
}
