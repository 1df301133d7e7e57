import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';
import { verifyWebhook } from '../../lib/webhook-signature.js';
import { withTransaction } from '../../store/transaction.js';
import { createWebhookDispatcher, type WebhookDispatcherDeps } from './webhooks.dispatcher.js';
import { createWebhooks } from './webhooks.module.js';
import { recordWebhookEvent, type WebhookEventType } from './webhooks.outbox.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver on 127.0.0.1; `answer(n)` is the status of its n-th request (1-based). */
async function startReceiver(answer: (n: number) => number | 'hang' = () => 200) {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const status = answer(received.length);
      if (status === 'hang') return;
      res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = () => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  };
  return { url: `http://127.0.0.1:${port}/vigil-hooks`, received, close };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: webhook delivery`, () => {
    const t = useTestApp(dialect);

    /** A tenant with one endpoint pointing at a fresh receiver, and a dispatcher for that tenant only. */
    async function setup(
      options: {
        answer?: (n: number) => number | 'hang';
        events?: WebhookEventType[];
        enabled?: boolean;
      } = {},
      dispatcherDeps: Partial<WebhookDispatcherDeps> = {},
    ) {
      const tenant = await createTenant(t);
      const receiver = await startReceiver(options.answer);
      cleanups.push(receiver.close);
      const endpoint = await addEndpoint(t, tenant, receiver.url, options);
      const clock = manualClock(Date.now());
      const newDispatcher = () =>
        createWebhookDispatcher({
          db: t.db,
          clock,
          random: () => 0.5,
          tenantIds: [tenant.tenantId],
          allowPrivateNetworks: true,
          ...dispatcherDeps,
        });
      const ctx = { tenantId: tenant.tenantId, environment: 'production' as const };
      const record = (type: WebhookEventType = 'signal.created', data: object = { id: 'sig-1' }) =>
        withTransaction(t.db.kysely, (trx) => recordWebhookEvent(trx, ctx, type, data, clock.nowMs()));
      const deliveries = async (id = endpoint.id) =>
        (await call(t.app, tenant, { url: `/v1/webhooks/${id}/deliveries` })).json().data;
      return {
        tenant,
        receiver,
        endpoint,
        clock,
        dispatcher: newDispatcher(),
        newDispatcher,
        ctx,
        record,
        deliveries,
      };
    }

    test('delivers a committed event once, signed as Standard Webhooks specifies', async () => {
      const s = await setup();
      const eventId = await s.record('signal.created', { id: 'sig-1', score: 0.75 });
      expect(eventId).toMatch(/^msg_[0-9a-f-]{36}$/);
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect(await s.dispatcher.deliverDue()).toBe(0);

      expect(s.receiver.received).toHaveLength(1);
      const [{ headers, body }] = s.receiver.received as [Received];
      const nowSeconds = Math.floor(s.clock.nowMs() / 1000);
      expect(headers).toMatchObject({
        'content-type': 'application/json',
        'webhook-id': eventId,
        'webhook-timestamp': String(nowSeconds),
      });
      expect(JSON.parse(body)).toEqual({
        type: 'signal.created',
        timestamp: new Date(s.clock.nowMs()).toISOString(),
        data: { id: 'sig-1', score: 0.75 },
      });
      const hdrs = headers as Record<string, string>;
      expect(verifyWebhook(s.endpoint.secret, hdrs, body, { nowSeconds })).toBe(true);
      expect(verifyWebhook(s.endpoint.secret, hdrs, body.replace('0.75', '0.05'), { nowSeconds })).toBe(
        false,
      );

      expect(await s.deliveries()).toEqual([
        {
          id: expect.any(String),
          event_id: eventId,
          event_type: 'signal.created',
          attempt: 1,
          status: 'SUCCEEDED',
          response_status: 200,
          error: null,
          attempted_at: new Date(s.clock.nowMs()).toISOString(),
          next_attempt_at: null,
        },
      ]);
    });

    test('retries after a 500 with backoff and the same webhook-id, until the endpoint answers 2xx', async () => {
      const s = await setup({ answer: (n) => (n === 1 ? 500 : 200) });
      const eventId = await s.record();
      const retryAt = new Date(s.clock.nowMs() + 5000).toISOString();
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect(await s.deliveries()).toMatchObject([
        { attempt: 2, status: 'PENDING', attempted_at: null, next_attempt_at: retryAt },
        {
          attempt: 1,
          status: 'FAILED',
          response_status: 500,
          error: 'endpoint answered HTTP 500',
          next_attempt_at: retryAt,
        },
      ]);
      s.clock.advance(4999);
      expect(await s.dispatcher.deliverDue()).toBe(0);
      s.clock.advance(1);
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect(await s.deliveries()).toMatchObject([
        { attempt: 2, status: 'SUCCEEDED', response_status: 200, error: null, next_attempt_at: null },
        { attempt: 1, status: 'FAILED', response_status: 500 },
      ]);
      const page = (
        await call(t.app, s.tenant, { url: `/v1/webhooks/${s.endpoint.id}/deliveries?limit=1` })
      ).json();
      expect(page).toMatchObject({ data: [{ attempt: 2 }], has_more: true });
      const rest = await call(t.app, s.tenant, {
        url: `/v1/webhooks/${s.endpoint.id}/deliveries?limit=1&cursor=${page.next_cursor}`,
      });
      expect(rest.json()).toMatchObject({ data: [{ attempt: 1 }], has_more: false, next_cursor: null });
      const [first, second] = s.receiver.received as [Received, Received];
      expect([first.headers['webhook-id'], second.headers['webhook-id']]).toEqual([eventId, eventId]);
      expect(second.body).toBe(first.body);
      expect(Number(second.headers['webhook-timestamp']) - Number(first.headers['webhook-timestamp'])).toBe(
        5,
      );
    });

    test('gives up 24 h after the event: the last attempt is FAILED with no next attempt', async () => {
      const s = await setup({ answer: () => 503 });
      await s.record();
      await s.dispatcher.deliverDue();
      s.clock.advance(25 * 3600_000);
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect(await s.deliveries()).toMatchObject([
        { attempt: 2, status: 'FAILED', response_status: 503, next_attempt_at: null },
        { attempt: 1, status: 'FAILED', response_status: 503 },
      ]);
      s.clock.advance(25 * 3600_000);
      expect(await s.dispatcher.deliverDue()).toBe(0);
      expect(s.receiver.received).toHaveLength(2);
    });

    test('records timeouts and unreachable endpoints as failed attempts and retries them', async () => {
      const s = await setup({ answer: () => 'hang' }, { timeoutMs: 200 });
      await s.record();
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect((await s.deliveries())[1]).toMatchObject({
        status: 'FAILED',
        response_status: null,
        error: 'timed out after 0.2 s',
      });

      await s.receiver.close();
      s.clock.advance(5000);
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect((await s.deliveries())[1]).toMatchObject({
        attempt: 2,
        status: 'FAILED',
        error: 'could not connect',
      });
    });

    test('an event recorded before a crash is delivered by a dispatcher built after it', async () => {
      const s = await setup();
      const eventId = await s.record();
      const restarted = s.newDispatcher();
      expect(await restarted.deliverDue()).toBe(1);
      expect(s.receiver.received.map((r) => r.headers['webhook-id'])).toEqual([eventId]);
    });

    test('an attempt claimed by a dispatcher that died is sent again once its claim expires, never twice at once', async () => {
      const s = await setup();
      await s.record();
      const other = s.newDispatcher();
      // Claims the attempt, then never finishes it: a process that died mid-request.
      const dead = createWebhookDispatcher({
        db: t.db,
        clock: s.clock,
        tenantIds: [s.tenant.tenantId],
        transport: () => new Promise<number>(() => undefined),
      });
      void dead.deliverDue();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await other.deliverDue()).toBe(0);
      s.clock.advance(61_000);
      expect(await s.newDispatcher().deliverDue()).toBe(1);
      expect(s.receiver.received).toHaveLength(1);
    });

    test('concurrent dispatchers send each due attempt exactly once', async () => {
      const s = await setup();
      for (let i = 0; i < 8; i++) await s.record('signal.created', { i });
      const counts = await Promise.all(
        [1, 2, 3].map(() =>
          createWebhookDispatcher({
            db: t.db,
            clock: s.clock,
            tenantIds: [s.tenant.tenantId],
            allowPrivateNetworks: true,
            perEndpoint: 8,
          }).deliverDue(),
        ),
      );
      expect(counts.reduce((a, b) => a + b, 0)).toBe(8);
      const ids = s.receiver.received.map((r) => r.headers['webhook-id']);
      expect(new Set(ids).size).toBe(8);
      expect(ids).toHaveLength(8);
    });

    test('an event recorded in a transaction that rolls back is never delivered', async () => {
      const s = await setup();
      await expect(
        withTransaction(t.db.kysely, async (trx) => {
          await recordWebhookEvent(trx, s.ctx, 'signal.created', { id: 'sig-1' }, s.clock.nowMs());
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      expect(await s.dispatcher.deliverDue()).toBe(0);
      expect(s.receiver.received).toHaveLength(0);
      expect(await s.deliveries()).toEqual([]);
    });

    test('only enabled endpoints of the tenant environment subscribed to the type get the event', async () => {
      const s = await setup({ enabled: false });
      const subscribed = await addEndpoint(t, s.tenant, s.receiver.url, { events: ['signal.reviewed'] });
      const other = await addEndpoint(t, s.tenant, s.receiver.url, { events: ['signal.created'] });
      await addEndpoint(t, s.tenant, s.receiver.url, { events: ['signal.created'] }, '/sandbox/v1');
      expect(await s.record('signal.reviewed')).toBeDefined();
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect(await s.deliveries()).toEqual([]);
      expect(await s.deliveries(other.id)).toEqual([]);
      expect(await s.deliveries(subscribed.id)).toMatchObject([
        { event_type: 'signal.reviewed', status: 'SUCCEEDED' },
      ]);
      expect(await s.record('profile.status_changed')).toBeUndefined();
      expect(s.receiver.received).toHaveLength(1);
    });

    test('an endpoint disabled after the event was recorded gets nothing: the attempt fails unsent', async () => {
      const s = await setup();
      await s.record();
      await call(t.app, s.tenant, {
        method: 'PATCH',
        url: `/v1/webhooks/${s.endpoint.id}`,
        body: { enabled: false },
      });
      expect(await s.dispatcher.deliverDue()).toBe(1);
      expect(await s.deliveries()).toMatchObject([
        { status: 'FAILED', error: 'endpoint disabled', next_attempt_at: null },
      ]);
      expect(s.receiver.received).toHaveLength(0);
    });

    test('start() polls until stop()', async () => {
      const s = await setup();
      s.dispatcher.start();
      await s.record();
      for (let i = 0; i < 50 && s.receiver.received.length === 0; i++)
        await new Promise((r) => setTimeout(r, 100));
      await s.dispatcher.stop();
      expect(s.receiver.received).toHaveLength(1);
    });

    test('with a secret key, secrets are stored encrypted and deliveries still verify', async () => {
      const s = await setup({ events: ['batch_run.completed'] });
      const webhooks = createWebhooks(t.db, s.clock, {
        secretKey: 'operator-key',
        allowPrivateNetworks: true,
      });
      const ctx = { ...s.ctx, actor: { apiKeyId: null, userId: null, name: 'test' }, requestId: 'req_test' };
      const { webhook, secret } = await webhooks.service.create(ctx, {
        url: s.receiver.url,
        events: ['signal.created'],
        description: null,
        enabled: true,
      });
      const stored = await t.db.kysely
        .selectFrom('webhook_endpoints')
        .select('secret')
        .where('id', '=', webhook.id)
        .executeTakeFirstOrThrow();
      expect(stored.secret).toMatch(/^enc:v1:/);
      await s.record();
      expect(
        await webhooks
          .createDispatcher({ tenantIds: [s.tenant.tenantId], allowPrivateNetworks: true })
          .deliverDue(),
      ).toBe(1);
      const [{ headers, body }] = s.receiver.received as [Received];
      expect(
        verifyWebhook(secret, headers as Record<string, string>, body, {
          nowSeconds: Math.floor(s.clock.nowMs() / 1000),
        }),
      ).toBe(true);
    });
  });
}

async function addEndpoint(
  t: TestApp,
  tenant: TestTenant,
  url: string,
  options: { events?: WebhookEventType[]; enabled?: boolean } = {},
  base = '/v1',
): Promise<{ id: string; secret: string }> {
  const res = await call(t.app, tenant, {
    method: 'POST',
    url: `${base}/webhooks`,
    body: { url, events: options.events ?? ['signal.created'], enabled: options.enabled ?? true },
  });
  if (res.statusCode !== 201) throw new Error(`webhook not created: ${res.body}`);
  return res.json();
}
