/** A token bucket's state: tokens left when last touched. */
export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

/** What a rate-limit check answers, and the X-RateLimit-* / Retry-After values (api.md §6). */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Whole seconds until one token is back, at least 1. */
  retryAfterSeconds: number;
}

export function refillPerMs(limitPerMinute: number): number {
  return limitPerMinute / 60_000;
}

/** Tokens in the bucket at nowMs: the stored count plus what has dripped in since, capped at the limit. */
export function refilled(state: BucketState | undefined, limitPerMinute: number, nowMs: number): number {
  if (!state) return limitPerMinute;
  const elapsed = Math.max(0, nowMs - state.updatedAtMs);
  return Math.min(limitPerMinute, state.tokens + elapsed * refillPerMs(limitPerMinute));
}

export function decision(allowed: boolean, tokensLeft: number, limitPerMinute: number): RateDecision {
  const rate = refillPerMs(limitPerMinute);
  return {
    allowed,
    limit: limitPerMinute,
    remaining: Math.max(0, Math.floor(tokensLeft)),
    resetSeconds: Math.ceil((limitPerMinute - tokensLeft) / rate / 1000),
    retryAfterSeconds: Math.max(1, Math.ceil((1 - tokensLeft) / rate / 1000)),
  };
}

/** Takes one token if there is one: the new state and the decision. */
export function take(
  state: BucketState | undefined,
  limitPerMinute: number,
  nowMs: number,
): { state: BucketState; decision: RateDecision } {
  const tokens = refilled(state, limitPerMinute, nowMs);
  const allowed = tokens >= 1;
  const left = allowed ? tokens - 1 : tokens;
  return { state: { tokens: left, updatedAtMs: nowMs }, decision: decision(allowed, left, limitPerMinute) };
}
