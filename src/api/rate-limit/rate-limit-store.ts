import type { RateDecision } from './token-bucket.js';

/** Where token buckets live: process memory for one SQLite server, PostgreSQL for several processes. */
export interface RateLimitStore {
  /** Takes a token from the bucket if one is there. */
  take(bucketKey: string, limitPerMinute: number, nowMs: number): Promise<RateDecision>;
  /** Answers whether a token is there, without taking it. */
  peek(bucketKey: string, limitPerMinute: number, nowMs: number): Promise<RateDecision>;
}
