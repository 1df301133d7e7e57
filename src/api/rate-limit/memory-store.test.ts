import { describe, expect, test } from 'vitest';
import { createMemoryRateLimitStore } from './memory-store.js';

describe('createMemoryRateLimitStore()', () => {
  test("a sweep forgets only full buckets, judged by each bucket's own limit", async () => {
    const store = createMemoryRateLimitStore();
    for (let i = 0; i < 100; i++) await store.take('key:big', 6000, 0);
    // Takes on a bucket with a small limit trigger the sweep while key:big holds 5900 of 6000.
    for (let i = 0; i < 10_000; i++) await store.take('auth-failure:10.0.0.1', 60, 0);
    const big = await store.peek('key:big', 6000, 0);
    expect(big.remaining).toBe(5900);
  });

  test('a sweep drops buckets that have refilled, so per-address buckets do not pile up', async () => {
    const store = createMemoryRateLimitStore({ sweepEvery: 3 });
    await store.take('auth-failure:10.0.0.1', 60, 0);
    await store.take('auth-failure:10.0.0.2', 60, 0);
    expect(store.size()).toBe(2);
    await store.take('auth-failure:10.0.0.3', 60, 120_000);
    expect(store.size()).toBe(1);
  });
});
