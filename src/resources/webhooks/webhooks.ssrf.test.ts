import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';
import { withTransaction } from '../../store/transaction.js';
import { isForbiddenAddress } from './network-policy.js';
import { describeFailure } from './webhook-transport.js';
import { createWebhookDispatcher } from './webhooks.dispatcher.js';
import { createWebhooks } from './webhooks.module.js';
import { recordWebhookEvent } from './webhooks.outbox.js';
import { PRIVATE_URL_MESSAGE } from './webhooks.service.js';

const FORBIDDEN_URLS = [
  'http://127.0.0.1/hook',
  'http://127.1/hook', // WHATWG URL normalises it to 127.0.0.1
  'http://2130706433/hook', // 127.0.0.1 as one decimal number
  'http://0x7f000001/hook',
  'http://localhost:8080/hook', // a host name that resolves to loopback
  'http://10.1.2.3/hook',
  'http://172.16.0.1/hook',
  'http://192.168.1.1/hook',
  'http://100.64.0.1/hook',
  'http://169.254.169.254/latest/meta-data/', // cloud metadata
  'http://0.0.0.0/hook',
  'http://[::]/hook',
  'http://[::1]/hook',
  'http://[::ffff:127.0.0.1]/hook',
  'http://[::ffff:a9fe:a9fe]/hook', // 169.254.169.254, IPv4-mapped
  'http://[fd00:ec2::254]/hook',
  'http://[fe80::1]/hook',
  'http://[fc00::1]/hook',
  'http://224.0.0.1/hook',
  'http://255.255.255.255/hook',
];

describe('network policy', () => {
  test.each([
    ['127.0.0.1', true],
    ['10.0.0.1', true],
    ['169.254.169.254', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.0.1', true],
    ['0.0.0.0', true],
    ['::', true],
    ['::1', true],
    ['::ffff:8.8.8.8', true],
    ['fd12:3456::1', true],
    ['fe80::abcd', true],
    ['2002:7f00:1::1', true],
    ['8.8.8.8', false],
    ['93.184.215.14', false],
    ['2606:4700:4700::1111', false],
    ['not-an-ip', true],
  ])('%s forbidden: %s', (address, forbidden) => {
    expect(isForbiddenAddress(address)).toBe(forbidden);
  });

  test('a failed attempt is logged as a fixed category, never the error text', () => {
    const coded = (code: string) => Object.assign(new Error(`connect ${code} 10.0.0.5:6379`), { code });
    expect(describeFailure(coded('ECONNREFUSED'), 1000)).toBe('could not connect');
    expect(describeFailure(coded('ECONNRESET'), 1000)).toBe('could not connect');
    expect(describeFailure(coded('EHOSTUNREACH'), 1000)).toBe('could not connect');
    expect(describeFailure(coded('ERR_TLS_CERT_ALTNAME_INVALID'), 1000)).toBe('TLS handshake failed');
    expect(describeFailure(new Error('Parse Error: Expected HTTP/ at 10.0.0.5:22'), 1000)).toBe(
      'request failed',
    );
    expect(describeFailure(new DOMException('timed out', 'TimeoutError'), 2500)).toBe(
      'timed out after 2.5 s',
    );
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhook SSRF defence (WEBHOOK_ALLOW_PRIVATE_NETWORKS off)`, () => {
    const t = useTestApp(dialect, { env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'false' } });
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(req.url ?? '');
      res.writeHead(200).end();
    });
    afterAll(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => {
            resolve();
          });
        }),
    );

    test.each(FORBIDDEN_URLS)('refuses %s at creation and stores nothing', async (url) => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/webhooks',
        body: { url, events: ['signal.created'] },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        status: 400,
        code: 'VALIDATION_ERROR',
        message: PRIVATE_URL_MESSAGE,
      });
      expect((await call(t.app, tenant, { url: '/v1/webhooks' })).json().data).toEqual([]);
    });

    test('refuses a change of URL to a private address and keeps the old one', async () => {
      const tenant = await createTenant(t);
      const created = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/webhooks',
        body: { url: 'https://93.184.215.14/hook', events: ['signal.created'] },
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      const res = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/webhooks/${id}`,
        body: { url: 'http://169.254.169.254/' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toBe(PRIVATE_URL_MESSAGE);
      expect((await call(t.app, tenant, { url: `/v1/webhooks/${id}` })).json().url).toBe(
        'https://93.184.215.14/hook',
      );
    });

    test('re-checks the address at delivery: an endpoint that now resolves to loopback gets nothing', async () => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as AddressInfo;
      const tenant = await createTenant(t);
      const clock = manualClock(Date.now());
      const ctx = {
        tenantId: tenant.tenantId,
        environment: 'production' as const,
        actor: { apiKeyId: null, userId: null, name: 'test' },
        requestId: 'req_test',
      };
      // Stored while the policy allowed it: what a DNS answer that later changes (rebinding) leaves.
      const permissive = createWebhooks(t.db, clock, { allowPrivateNetworks: true });
      const urls = [`http://localhost:${port}/by-name`, `http://127.0.0.1:${port}/by-address`];
      for (const url of urls)
        await permissive.service.create(ctx, {
          url,
          events: ['signal.created'],
          description: null,
          enabled: true,
        });
      await withTransaction(t.db.kysely, (trx) =>
        recordWebhookEvent(trx, ctx, 'signal.created', { id: 'sig-1' }, clock.nowMs()),
      );

      const strict = createWebhookDispatcher({ db: t.db, clock, tenantIds: [tenant.tenantId] });
      expect(await strict.deliverDue()).toBe(2);
      expect(received).toEqual([]);
      const endpoints = (await call(t.app, tenant, { url: '/v1/webhooks' })).json<{
        data: { id: string }[];
      }>().data;
      for (const endpoint of endpoints) {
        const log = (await call(t.app, tenant, { url: `/v1/webhooks/${endpoint.id}/deliveries` })).json()
          .data;
        expect(log[log.length - 1]).toMatchObject({
          status: 'FAILED',
          response_status: null,
          error: 'address not allowed',
        });
      }

      // The operator setting lets the same attempts through (on-premises receivers).
      clock.advance(10 * 60_000);
      const allowed = createWebhookDispatcher({
        db: t.db,
        clock,
        tenantIds: [tenant.tenantId],
        allowPrivateNetworks: true,
      });
      expect(await allowed.deliverDue()).toBe(2);
      expect(received.sort()).toEqual(['/by-address', '/by-name']);
    });
  });
}
