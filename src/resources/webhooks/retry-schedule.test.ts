import { describe, expect, test } from 'vitest';
import { nextAttemptAt, retryDelayMs, RETRY_WINDOW_MS } from './retry-schedule.js';

const S = 1000;

describe('webhook retry schedule', () => {
  test.each([
    [1, 5 * S],
    [2, 30 * S],
    [3, 120 * S],
    [4, 600 * S],
    [5, 1800 * S],
    [6, 3600 * S],
    [7, 7200 * S],
    [30, 7200 * S],
  ])('waits %i → %i ms without jitter, capped at 2 h', (attempt, delay) => {
    expect(retryDelayMs(attempt, () => 0.5)).toBe(delay);
  });

  test('randomises each wait within ±20%', () => {
    expect(retryDelayMs(2, () => 0)).toBe(24 * S);
    expect(retryDelayMs(2, () => 0.999999)).toBeCloseTo(36 * S, -1);
  });

  test('schedules retries until 24 h after the event, then gives up', () => {
    const eventAt = 1_000_000;
    expect(nextAttemptAt(1, eventAt, eventAt, () => 0.5)).toBe(eventAt + 5 * S);
    const late = eventAt + RETRY_WINDOW_MS - 4.5 * S;
    expect(nextAttemptAt(1, late, eventAt, () => 0.5)).toBeUndefined();
    expect(nextAttemptAt(1, late, eventAt, () => 0)).toBe(late + 4 * S);
  });
});
