import type { RateLimitStore } from '../../api/rate-limit/rate-limit-store.js';
import type { RateDecision } from '../../api/rate-limit/token-bucket.js';

/**
 * Sign-in attempts, counted per account and per client address, each in a token bucket that holds
 * `limit` attempts and refills them evenly over `windowMs`. The buckets are the rate-limit store's
 * (PostgreSQL when several processes serve), with time scaled so a bucket's minute is the window.
 *
 * Every attempt takes its tokens before the password is checked, in one atomic step per bucket: however
 * many requests an attacker sends at once, at most `limit` passwords per window are tried per account.
 * Successful sign-ins count too, which is why the defaults leave room for a person signing in often.
 */
export function createLoginThrottle(
  store: RateLimitStore,
  options: { perAccount: number; perAddress: number; windowMs: number },
) {
  const scale = options.windowMs / 60_000;
  const scaled = (nowMs: number) => Math.floor(nowMs / scale);
  const unscale = (d: RateDecision): RateDecision => ({
    ...d,
    retryAfterSeconds: Math.max(1, Math.ceil(d.retryAfterSeconds * scale)),
    resetSeconds: Math.ceil(d.resetSeconds * scale),
  });

  return {
    /**
     * Counts one attempt; answers the refusal (429 with Retry-After) when either bucket is empty. The
     * account is the email as typed (lower-cased) in that tenant, whether or not such a user exists,
     * so a throttled account answers exactly as a throttled non-account.
     */
    async attempt(tenantId: string, email: string, address: string, nowMs: number) {
      const byAddress = await store.take(`login-address:${address}`, options.perAddress, scaled(nowMs));
      if (!byAddress.allowed) return unscale(byAddress);
      const key = `login-account:${tenantId.toLowerCase()}:${email}`;
      const byAccount = await store.take(key, options.perAccount, scaled(nowMs));
      if (!byAccount.allowed) return unscale(byAccount);
      return undefined;
    },
  };
}
export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
