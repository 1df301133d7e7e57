import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { createTestUser, login, TEST_PASSWORD } from '../../../test/helpers/sessions.js';
import { createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';

// Each test gets its own client address (X-Forwarded-For is not trusted, so addresses are set with
// light-my-request's remoteAddress), so the per-address buckets of one test never touch another's.
let addressSequence = 0;
function nextAddress(): string {
  addressSequence += 1;
  return `10.${process.pid % 250}.${Math.floor(addressSequence / 250)}.${addressSequence % 250}`;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: sign-in throttling`, () => {
    const clock = manualClock(Date.now());
    const t = useTestApp(dialect, {
      clock,
      env: { LOGIN_ATTEMPTS_PER_ACCOUNT: '3', LOGIN_ATTEMPTS_PER_ADDRESS: '6', LOGIN_WINDOW_MINUTES: '15' },
    });
    const attempt = (body: { email: string; password: string; tenant_id: string }, address: string) =>
      t.app.inject({
        method: 'POST',
        url: '/auth/login',
        remoteAddress: address,
        payload: { environment: 'production', ...body },
      });

    test('per account: after 3 attempts in 15 minutes even the right password gets 429 with Retry-After', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      for (let i = 0; i < 3; i++) {
        const res = await attempt(
          { email: user.email, password: 'wrong', tenant_id: tenant.tenantId },
          nextAddress(),
        );
        expect(res.statusCode).toBe(401);
      }
      // A new address each time: the account's own bucket refuses.
      const refused = await attempt(
        { email: user.email.toUpperCase(), password: TEST_PASSWORD, tenant_id: tenant.tenantId },
        nextAddress(),
      );
      expect(refused.statusCode).toBe(429);
      expect(refused.json()).toMatchObject({
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Rate limit exceeded. Please retry after the reset time.',
      });
      // One attempt comes back every 5 minutes (3 per 15).
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(300);
      expect(refused.headers['set-cookie']).toBeUndefined();
      clock.advance(Number(refused.headers['retry-after']) * 1000);
      const later = await attempt(
        { email: user.email, password: TEST_PASSWORD, tenant_id: tenant.tenantId },
        nextAddress(),
      );
      expect(later.statusCode).toBe(200);
    });

    test('a throttled account answers exactly as a throttled email with no account: existence is not revealed', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const ghost = `ghost-${user.email}`;
      const answers: { status: number; body: unknown; retryAfter: unknown }[] = [];
      for (const email of [user.email, ghost]) {
        for (let i = 0; i < 3; i++)
          await attempt({ email, password: 'wrong', tenant_id: tenant.tenantId }, nextAddress());
        const res = await attempt({ email, password: 'wrong', tenant_id: tenant.tenantId }, nextAddress());
        const { request_id: _ignored, ...body } = res.json<Record<string, unknown>>();
        answers.push({ status: res.statusCode, body, retryAfter: res.headers['retry-after'] });
      }
      expect(answers[0]).toEqual(answers[1]);
      expect(answers[0]?.status).toBe(429);
    });

    test('the account throttle is per tenant: the same email in another tenant still signs in', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const twin = await createTestUser(t, other, 'analyst', { email: user.email });
      for (let i = 0; i < 4; i++)
        await attempt({ email: user.email, password: 'wrong', tenant_id: tenant.tenantId }, nextAddress());
      const res = await attempt(
        { email: twin.email, password: TEST_PASSWORD, tenant_id: other.tenantId },
        nextAddress(),
      );
      expect(res.statusCode).toBe(200);
    });

    test('per address: 6 attempts in 15 minutes from one address, across accounts, then 429 for any account', async () => {
      const tenant = await createTenant(t);
      const address = nextAddress();
      const victim = await createTestUser(t, tenant, 'analyst');
      for (let i = 0; i < 6; i++) {
        const res = await attempt(
          { email: `guess-${i}@bank.example`, password: 'wrong', tenant_id: tenant.tenantId },
          address,
        );
        expect(res.statusCode).toBe(401);
      }
      const refused = await attempt(
        { email: victim.email, password: TEST_PASSWORD, tenant_id: tenant.tenantId },
        address,
      );
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      // The account itself was never tried, so from elsewhere it signs in at once.
      const elsewhere = await attempt(
        { email: victim.email, password: TEST_PASSWORD, tenant_id: tenant.tenantId },
        nextAddress(),
      );
      expect(elsewhere.statusCode).toBe(200);
    });

    test('a wrong current password on POST /auth/password counts against the account', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const { session } = await login(t.app, {
        email: user.email,
        password: TEST_PASSWORD,
        tenant_id: tenant.tenantId,
      });
      const change = () =>
        t.app.inject({
          method: 'POST',
          url: '/auth/password',
          remoteAddress: nextAddress(),
          headers: { cookie: session!.cookie, 'x-csrf-token': session!.csrfToken },
          payload: { current_password: 'guess', new_password: 'another long passphrase' },
        });
      expect((await change()).statusCode).toBe(400);
      expect((await change()).statusCode).toBe(400);
      const refused = await change();
      expect(refused.statusCode).toBe(429);
      expect(refused.headers['retry-after']).toBeDefined();
    });
  });
}
