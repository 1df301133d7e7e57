import { describe, expect, test } from 'vitest';
import { createRandom } from './random.js';

const draws = (seed: number | string, n = 8): number[] => {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('createRandom()', () => {
  test('gives the same sequence for the same seed', () => {
    expect(draws(42)).toEqual(draws(42));
  });

  test('gives a number seed and its decimal string the same sequence', () => {
    expect(draws(42)).toEqual(draws('42'));
  });

  test('gives different sequences for different seeds', () => {
    expect(draws(42)).not.toEqual(draws(43));
  });

  test('reproduces a known sequence, so output matches on every machine', () => {
    expect(draws(1, 3).map((x) => x.toFixed(12))).toEqual([
      '0.229691545945',
      '0.622282044264',
      '0.145747563569',
    ]);
  });

  test('keeps uniform draws in [0, 1) and integers within both inclusive bounds', () => {
    const random = createRandom('bounds');
    const ints = new Set<number>();
    for (let i = 0; i < 5000; i++) {
      const x = random.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      ints.add(random.int(3, 6));
    }
    expect([...ints].sort()).toEqual([3, 4, 5, 6]);
  });

  test('never picks an item of zero weight', () => {
    const random = createRandom('weights');
    for (let i = 0; i < 1000; i++)
      expect(
        random.weighted([
          ['a', 1],
          ['b', 0],
          ['c', 3],
        ]),
      ).not.toBe('b');
  });

  test('forks a stream that does not depend on what the parent drew before', () => {
    const fresh = createRandom(7).fork('child');
    const used = createRandom(7);
    used.next();
    used.next();
    expect(used.fork('child').next()).toBe(fresh.next());
  });

  test('centres the log-normal on its median', () => {
    const random = createRandom('lognormal');
    const values = Array.from({ length: 4001 }, () => random.lognormal(100, 0.5)).sort((a, b) => a - b);
    expect(values[2000]).toBeGreaterThan(90);
    expect(values[2000]).toBeLessThan(110);
  });

  test('shuffles into a permutation of the same items', () => {
    const items = [1, 2, 3, 4, 5, 6, 7];
    expect(createRandom('shuffle').shuffle(items).sort()).toEqual(items);
  });
});
