import { connect } from 'node:net';
import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../helpers/activity.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildTestApp, call, createTenant, profileBody, useTestApp } from '../helpers/test-app.js';

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Input an attacker would send (issue 12, finding 10): refused in the contract's shape, never a 500. */
for (const dialect of DIALECTS) {
  describe(`${dialect}: hostile input`, () => {
    const t = useTestApp(dialect);

    test('refuses \\u0000 in a body string with 400 naming the field, and stores nothing', async () => {
      const tenant = await createTenant(t);
      const body = profileBody({ customer_name: 'Margaret\u0000Hill' });
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'Bad Request',
        code: 'VALIDATION_ERROR',
        message: 'customer_name must not contain the NUL character (\\u0000)',
        details: [
          { field: 'customer_name', message: 'customer_name must not contain the NUL character (\\u0000)' },
        ],
      });
      const list = await call(t.app, tenant, { url: '/v1/profiles' });
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);
    });

    test('refuses \\u0000 in a metadata key and in a nested metadata value', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      for (const metadata of [{ 'a\u0000': 1 }, { a: [{ b: 'x\u0000' }] }]) {
        const res = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/transactions`,
          body: transactionBody({ metadata }),
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
        expect(res.json<{ message: string }>().message).toMatch(
          /^metadata.* must not contain the NUL character/,
        );
      }
    });

    test('refuses \\u0000 in a query string with 400', async () => {
      const tenant = await createTenant(t);
      for (const url of ['/v1/profiles?cursor=%00', '/v1/audit-events?action=a%00b']) {
        const res = await call(t.app, tenant, { url });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      }
    });

    test('refuses a body nested deeper than 32 levels with 400 before it is read, even 200k deep', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      for (const depth of [40, 200_000]) {
        const tx = JSON.stringify(transactionBody()).replace(/}$/, `,"metadata":${nested(depth)}}`);
        const res = await t.app.inject({
          method: 'POST',
          url: `/v1/profiles/${profile.id}/transactions`,
          headers: {
            authorization: `Bearer ${tenant.productionKey}`,
            'x-tenant-id': tenant.tenantId,
            'content-type': 'application/json',
          },
          payload: tx,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          code: 'VALIDATION_ERROR',
          message: 'request body is nested too deeply (at most 32 levels)',
        });
      }
      const ok = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: transactionBody({ metadata: JSON.parse(nested(20)) as unknown }),
      });
      expect(ok.statusCode).toBe(201);
    });

    test('refuses transaction metadata above 8 KiB with 400 and stores nothing', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: {
          transactions: [transactionBody(), transactionBody({ metadata: { note: 'x'.repeat(8200) } })],
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'transactions[1].metadata must be at most 8 KiB',
      });
      const listed = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions` });
      expect(listed.json<{ data: unknown[] }>().data).toEqual([]);
    });
  });
}

describe('GET /metrics with METRICS_TOKEN', () => {
  const t = useTestApp('sqlite', { env: { METRICS_TOKEN: 'operator-token-1' } });

  test.each([
    ['no Authorization', undefined],
    ['a wrong token of the same length', 'Bearer operator-token-2'],
    ['a prefix of the token', 'Bearer operator-token-'],
    ['a longer token', 'Bearer operator-token-10'],
  ])('answers 401 UNAUTHORIZED "invalid metrics token" with %s', async (_name, authorization) => {
    const res = await t.app.inject({
      url: '/metrics',
      headers: authorization === undefined ? {} : { authorization },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid metrics token' });
  });

  test('answers the metrics with the token', async () => {
    const res = await t.app.inject({
      url: '/metrics',
      headers: { authorization: 'Bearer operator-token-1' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('REQUEST_TIMEOUT_MS: a client that sends its body slowly', () => {
  test('is answered 408 and cut off once the request takes longer than the timeout', async () => {
    const built = await buildTestApp('sqlite', { env: { REQUEST_TIMEOUT_MS: '400' } });
    try {
      const tenant = await createTenant(built);
      await built.app.listen({ host: '127.0.0.1', port: 0 });
      const address = built.app.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      const startedAt = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(address.port, '127.0.0.1', () => {
          socket.write(
            `POST /v1/profiles HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${tenant.productionKey}\r\n` +
              `X-Tenant-ID: ${tenant.tenantId}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"cus`,
          );
        });
        let received = '';
        socket.on('data', (chunk) => {
          received += chunk.toString();
        });
        socket.on('close', () => {
          resolve(received);
        });
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          resolve(received);
        }, 8_000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - startedAt).toBeLessThan(5_000);
    } finally {
      await built.close();
    }
  });
});
