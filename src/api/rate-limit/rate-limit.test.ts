import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { buildTestApp, call, createTenant, useTestApp } from '../../../test/helpers/test-app.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: rate limits (api.md §6)`, () => {
    const t = useTestApp(dialect, { env: { AUTH_FAILURES_PER_MINUTE: '3' } });

    test('every authenticated response carries X-RateLimit-* headers with the environment default', async () => {
      const tenant = await createTenant(t);
      const live = await call(t.app, tenant, { url: '/v1/profiles' });
      expect(live.headers['x-ratelimit-limit']).toBe('6000');
      expect(live.headers['x-ratelimit-remaining']).toBe('5999');
      expect(Number(live.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(0);
      const sandbox = await call(t.app, tenant, { url: '/sandbox/v1/profiles' });
      expect(sandbox.headers['x-ratelimit-limit']).toBe('600');
    });

    test('failed requests spend tokens too', async () => {
      const tenant = await createTenant(t);
      const key = (
        await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/api-keys',
          body: { name: 'k', scopes: ['profiles:read'], rate_limit_per_minute: 60 },
        })
      ).json<{ key: string }>().key;
      expect((await call(t.app, tenant, { url: '/v1/profiles', key })).headers['x-ratelimit-remaining']).toBe(
        '59',
      );
      const failed = await call(t.app, tenant, { url: '/v1/profiles/nope', key });
      expect(failed.statusCode).toBe(400);
      expect(failed.headers['x-ratelimit-remaining']).toBe('58');
    });

    test('answers 429 RATE_LIMIT_EXCEEDED with Retry-After once a key spends its bucket', async () => {
      const tenant = await createTenant(t);
      const key = (
        await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/api-keys',
          body: { name: 'slow', scopes: ['profiles:read'], rate_limit_per_minute: 2 },
        })
      ).json<{ key: string }>().key;
      expect((await call(t.app, tenant, { url: '/v1/profiles', key })).statusCode).toBe(200);
      const last = await call(t.app, tenant, { url: '/v1/profiles', key });
      expect(last.headers['x-ratelimit-remaining']).toBe('0');
      const res = await call(t.app, tenant, { url: '/v1/profiles', key });
      expect(res.statusCode).toBe(429);
      expect(res.json()).toMatchObject({
        error: 'Rate Limited',
        status: 429,
        code: 'RATE_LIMIT_EXCEEDED',
        message: 'Rate limit exceeded. Please retry after the reset time.',
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(res.headers['x-ratelimit-limit']).toBe('2');
      // Other keys of the tenant keep their own bucket.
      expect((await call(t.app, tenant, { url: '/v1/profiles' })).statusCode).toBe(200);
    });

    test('limits repeated failed authentication from one client address', async () => {
      const tenant = await createTenant(t);
      // Buckets outlive a run on the shared PostgreSQL database: use addresses no earlier run used.
      const suffix = `${process.pid.toString(16)}:${(Date.now() % 0xffff).toString(16)}`;
      const attempt = () =>
        t.app.inject({
          url: '/v1/profiles',
          remoteAddress: `2001:db8::${suffix}:7`,
          headers: { 'x-tenant-id': tenant.tenantId, authorization: 'Bearer vgl_live_guess' },
        });
      for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
      const blocked = await attempt();
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toMatchObject({ code: 'RATE_LIMIT_EXCEEDED' });
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      const otherAddress = await t.app.inject({
        url: '/v1/profiles',
        remoteAddress: `2001:db8::${suffix}:8`,
        headers: { 'x-tenant-id': tenant.tenantId, authorization: `Bearer ${tenant.productionKey}` },
      });
      expect(otherAddress.statusCode).toBe(200);
    });

    test("never refuses a valid key because of others' failed authentications from its address", async () => {
      const tenant = await createTenant(t);
      const address = `2001:db8::${process.pid.toString(16)}:${(Date.now() % 0xffff).toString(16)}:9`;
      const from = (authorization: string) =>
        t.app.inject({
          url: '/v1/profiles',
          remoteAddress: address,
          headers: { 'x-tenant-id': tenant.tenantId, authorization },
        });
      for (let i = 0; i < 3; i++) expect((await from('Bearer vgl_live_guess')).statusCode).toBe(401);
      expect((await from('Bearer vgl_live_guess')).statusCode).toBe(429);
      const valid = await from(`Bearer ${tenant.productionKey}`);
      expect(valid.statusCode).toBe(200);
      expect((await from('Bearer vgl_live_guess')).statusCode).toBe(429);
    });

    test('ignores X-Forwarded-For unless TRUST_PROXY is set: a client cannot pick its own address', async () => {
      const tenant = await createTenant(t);
      const address = `2001:db8::${process.pid.toString(16)}:${(Date.now() % 0xffff).toString(16)}:a`;
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await t.app.inject({
          url: '/v1/profiles',
          remoteAddress: address,
          headers: {
            'x-tenant-id': tenant.tenantId,
            authorization: 'Bearer vgl_live_guess',
            'x-forwarded-for': `198.51.100.${i + 1}`,
          },
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
    });

    test('each request spends exactly one token, whatever its body', async () => {
      const tenant = await createTenant(t);
      const key = (
        await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/api-keys',
          body: { name: 'k', scopes: ['profiles:read', 'profiles:write'], rate_limit_per_minute: 6 },
        })
      ).json<{ key: string }>().key;
      const before = await call(t.app, tenant, { url: '/v1/profiles', key });
      await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: { customer_id: 'X' }, key });
      const after = await call(t.app, tenant, { url: '/v1/profiles', key });
      expect([before.headers['x-ratelimit-remaining'], after.headers['x-ratelimit-remaining']]).toEqual([
        '5',
        '3',
      ]);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: TRUST_PROXY (the client address behind a load balancer)`, () => {
    const t = useTestApp(dialect, { env: { AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: '127.0.0.1/8' } });

    test('counts failed authentications per forwarded client, not per proxy address', async () => {
      const tenant = await createTenant(t);
      const run = `${process.pid % 250}.${Date.now() % 250}`;
      const attempt = (client: string) =>
        t.app.inject({
          url: '/v1/profiles',
          remoteAddress: '127.0.0.1',
          headers: {
            'x-tenant-id': tenant.tenantId,
            authorization: 'Bearer vgl_live_guess',
            'x-forwarded-for': client,
          },
        });
      for (let i = 0; i < 3; i++) expect((await attempt(`10.${run}.1`)).statusCode).toBe(401);
      expect((await attempt(`10.${run}.1`)).statusCode).toBe(429);
      expect((await attempt(`10.${run}.2`)).statusCode).toBe(401);
    });
  });
}

if (DIALECTS.includes('postgres')) {
  describe('postgres: the limit holds across server processes', () => {
    test('two app instances on one database share a key bucket', async () => {
      const first = await buildTestApp('postgres');
      const second = await buildTestApp('postgres');
      try {
        const tenant = await createTenant(first);
        const key = (
          await call(first.app, tenant, {
            method: 'POST',
            url: '/v1/api-keys',
            body: { name: 'shared', scopes: ['profiles:read'], rate_limit_per_minute: 4 },
          })
        ).json<{ key: string }>().key;
        const statuses: number[] = [];
        for (const app of [first.app, second.app, first.app, second.app, first.app]) {
          statuses.push((await call(app, tenant, { url: '/v1/profiles', key })).statusCode);
        }
        expect(statuses).toEqual([200, 200, 200, 200, 429]);
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
}
