import type { RateLimitStore } from './rate-limit-store.js';
import { decision, refilled, take, type BucketState } from './token-bucket.js';

const SWEEP_EVERY = 10_000;

interface Bucket {
  state: BucketState;
  /** The limit the bucket was last taken with: a sweep judges each bucket by its own. */
  limitPerMinute: number;
}

/** Buckets in this process's memory: right for the embedded single-process server. */
export function createMemoryRateLimitStore(
  options: { sweepEvery?: number } = {},
): RateLimitStore & { size(): number } {
  const sweepEvery = options.sweepEvery ?? SWEEP_EVERY;
  const buckets = new Map<string, Bucket>();
  let takesSinceSweep = 0;

  // Full buckets carry no information; dropping them keeps per-address buckets from growing forever.
  // Each is judged by its own limit: judging by the caller's would drop (refill) a half-spent bucket
  // of a key with a larger limit.
  function sweep(nowMs: number) {
    if (++takesSinceSweep < sweepEvery) return;
    takesSinceSweep = 0;
    for (const [key, bucket] of buckets) {
      if (refilled(bucket.state, bucket.limitPerMinute, nowMs) >= bucket.limitPerMinute) buckets.delete(key);
    }
  }

  return {
    take(bucketKey, limitPerMinute, nowMs) {
      const result = take(buckets.get(bucketKey)?.state, limitPerMinute, nowMs);
      buckets.set(bucketKey, { state: result.state, limitPerMinute });
      sweep(nowMs);
      return Promise.resolve(result.decision);
    },
    peek(bucketKey, limitPerMinute, nowMs) {
      const tokens = refilled(buckets.get(bucketKey)?.state, limitPerMinute, nowMs);
      return Promise.resolve(decision(tokens >= 1, tokens, limitPerMinute));
    },
    size: () => buckets.size,
  };
}
