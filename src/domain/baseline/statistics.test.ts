import { describe, expect, test } from 'vitest';
import { mad, madOfSorted, max, median, percentile, robustZ, sortedCopy, sortedView } from './statistics.js';

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

describe('typed-array sorting gives what the comparator sort gave', () => {
  // The former implementation, kept here as the reference the native sort must match.
  const reference = {
    sorted: (values: readonly number[]) => [...values].sort((a, b) => a - b),
    percentile(values: readonly number[], p: number) {
      const sorted = reference.sorted(values);
      if (sorted.length === 0) return null;
      const rank = (p / 100) * (sorted.length - 1);
      const low = Math.floor(rank);
      const lowValue = sorted[low] ?? 0;
      const highValue = sorted[Math.ceil(rank)] ?? lowValue;
      return lowValue + (highValue - lowValue) * (rank - low);
    },
    mad(values: readonly number[]) {
      const center = reference.percentile(values, 50);
      return center === null
        ? null
        : reference.percentile(
            values.map((v) => Math.abs(v - center)),
            50,
          );
    },
  };
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;

  test('on 500 random series (integers with repeats, small counts, fractions, negatives, empty)', () => {
    for (let run = 0; run < 500; run++) {
      const length = Math.floor(random() * 60);
      const drawn = Array.from({ length }, () =>
        run % 3 === 0
          ? Math.floor(random() * 8) * 10_000
          : run % 3 === 1
            ? Math.floor(random() * 6) // per-day counts: sorted by counting
            : (random() - 0.2) * 1e6,
      );
      // Every fourth series already in order: percentile and mad then read it without sorting.
      const values = run % 4 === 1 ? drawn.sort((a, b) => a - b) : drawn;
      expect(Array.from(sortedCopy(values))).toEqual(reference.sorted(values));
      for (const p of [0, 5, 50, 90, 95, 99, 100])
        expect(percentile(values, p)).toBe(reference.percentile(values, p));
      expect(mad(values)).toBe(reference.mad(values));
      expect(madOfSorted(sortedCopy(values))).toBe(reference.mad(values));
      expect(Array.from(sortedView(values))).toEqual(reference.sorted(values));
    }
  });

  test('sortedView() reads a series in order as it is, and sorts a copy of one out of order', () => {
    const inOrder = [1, 2, 2, 5];
    expect(sortedView(inOrder)).toBe(inOrder);
    const outOfOrder = [5, 1, 2];
    expect(Array.from(sortedView(outOfOrder))).toEqual([1, 2, 5]);
    expect(outOfOrder).toEqual([5, 1, 2]);
    expect(Array.from(sortedView([0, -0, Number.NaN, 1]))).toEqual(
      Array.from(sortedCopy([0, -0, Number.NaN, 1])),
    );
  });
});
