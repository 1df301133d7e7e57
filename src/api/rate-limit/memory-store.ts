import type { RateLimitStore } from './rate-limit-store.js';
import { decision, refilled, take, type BucketState } from './token-bucket.js';

const SWEEP_EVERY = 10_000;

/** Buckets in this process's memory: right for the embedded single-process server. */
export function createMemoryRateLimitStore(): RateLimitStore {
  const buckets = new Map<string, BucketState>();
  let takesSinceSweep = 0;

  // Full buckets carry no information; dropping them keeps per-address buckets from growing forever.
  function sweep(limitPerMinute: number, nowMs: number) {
    if (++takesSinceSweep < SWEEP_EVERY) return;
    takesSinceSweep = 0;
    for (const [key, state] of buckets) {
      if (refilled(state, limitPerMinute, nowMs) >= limitPerMinute) buckets.delete(key);
    }
  }

  return {
    take(bucketKey, limitPerMinute, nowMs) {
      const result = take(buckets.get(bucketKey), limitPerMinute, nowMs);
      buckets.set(bucketKey, result.state);
      sweep(limitPerMinute, nowMs);
      return Promise.resolve(result.decision);
    },
    peek(bucketKey, limitPerMinute, nowMs) {
      const tokens = refilled(buckets.get(bucketKey), limitPerMinute, nowMs);
      return Promise.resolve(decision(tokens >= 1, tokens, limitPerMinute));
    },
  };
}
