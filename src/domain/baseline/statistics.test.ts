import { describe, expect, test } from 'vitest';
import { mad, max, median, percentile, robustZ } from './statistics.js';

describe('median()', () => {
  test.each([
    [[], null],
    [[7], 7],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[10, 10, 10, 1000], 10],
  ])('of %j is %s', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('mad()', () => {
  test('is the median of absolute deviations from the median', () => {
    // median 3; deviations 2,1,0,1,97 → sorted 0,1,1,2,97 → 1
    expect(mad([1, 2, 3, 4, 100])).toBe(1);
  });
  test('is 0 for one item and null for none', () => {
    expect(mad([42])).toBe(0);
    expect(mad([])).toBeNull();
  });
});

describe('percentile()', () => {
  test('interpolates between closest ranks', () => {
    // ranks 0..4, p95 → rank 3.8 → 40 + 0.8 × (50 − 40) = 48
    expect(percentile([10, 20, 30, 40, 50], 95)).toBeCloseTo(48, 10);
    expect(percentile([10, 20, 30, 40, 50], 0)).toBe(10);
    expect(percentile([10, 20, 30, 40, 50], 100)).toBe(50);
  });
  test('of one item is that item, and of none is null', () => {
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([], 99)).toBeNull();
  });
});

describe('max() and robustZ()', () => {
  test('max of none is null', () => {
    expect(max([])).toBeNull();
    expect(max([3, 9, 2])).toBe(9);
  });
  test('robustZ scales MAD to σ and treats zero spread as infinitely far above', () => {
    expect(robustZ(114.826, 100, 10)).toBeCloseTo(1, 6);
    expect(robustZ(101, 100, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(robustZ(100, 100, 0)).toBe(0);
  });
});
