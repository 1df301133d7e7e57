import { describe, expect, test } from 'vitest';
import { take } from './token-bucket.js';

describe('take()', () => {
  test('a new bucket starts full and gives a token', () => {
    const { decision } = take(undefined, 60, 0);
    expect(decision).toMatchObject({ allowed: true, limit: 60, remaining: 59 });
  });

  test('refuses when empty and tells when one token is back', () => {
    let state = take(undefined, 2, 0).state;
    state = take(state, 2, 0).state;
    const refused = take(state, 2, 0);
    expect(refused.decision).toMatchObject({
      allowed: false,
      remaining: 0,
      retryAfterSeconds: 30,
      resetSeconds: 60,
    });
  });

  test('refills at limit per minute and never above the limit', () => {
    let state = take(undefined, 60, 0).state;
    state = take(state, 60, 0).state;
    expect(take(state, 60, 1000).decision.remaining).toBe(58);
    expect(take(state, 60, 10 * 60_000).decision.remaining).toBe(59);
  });

  test('Retry-After is at least one second', () => {
    let state = take(undefined, 6000, 0).state;
    for (let i = 0; i < 5999; i++) state = take(state, 6000, 0).state;
    const refused = take(state, 6000, 0);
    expect(refused.decision.allowed).toBe(false);
    expect(refused.decision.retryAfterSeconds).toBe(1);
  });
});
