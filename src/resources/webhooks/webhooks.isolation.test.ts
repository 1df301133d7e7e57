import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { manualClock, systemClock, type Clock } from '../../lib/clock.js';
import { withTransaction } from '../../store/transaction.js';
import { createWebhookDispatcher } from './webhooks.dispatcher.js';
import { recordWebhookEvent } from './webhooks.outbox.js';

/** A loopback receiver: 'hang' never answers (until closed), a number answers with that status. */
async function receiver(answer: 'hang' | number) {
  const arrivals: number[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      arrivals.push(Date.now());
      if (answer === 'hang') held.push(res);
      else res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: one endpoint cannot stall the others`, () => {
    const t = useTestApp(dialect);

    async function endpoint(answer: 'hang' | number) {
      const tenant = await createTenant(t);
      const r = await receiver(answer);
      cleanups.push(r.close);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/webhooks',
        body: { url: r.url, events: ['signal.created'] },
      });
      expect(res.statusCode).toBe(201);
      return { tenant, receiver: r };
    }
    const record = (tenant: TestTenant, clock: Clock, n = 1) =>
      withTransaction(t.db.kysely, async (trx) => {
        for (let i = 0; i < n; i++)
          await recordWebhookEvent(
            trx,
            { tenantId: tenant.tenantId, environment: 'production' },
            'signal.created',
            { i },
            clock.nowMs(),
          );
      });

    test("a hanging endpoint holds at most its own slots; another tenant's events go out at once", async () => {
      const slow = await endpoint('hang');
      const fast = await endpoint(200);
      await record(slow.tenant, systemClock, 6);
      const dispatcher = createWebhookDispatcher({
        db: t.db,
        clock: systemClock,
        tenantIds: [slow.tenant.tenantId, fast.tenant.tenantId],
        allowPrivateNetworks: true,
        timeoutMs: 4000,
        pollMs: 50,
      });
      cleanups.push(() => dispatcher.stop());
      dispatcher.start();
      const until = async (check: () => boolean) => {
        for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      };
      await until(() => slow.receiver.arrivals.length >= 2);
      const recordedAt = Date.now();
      await record(fast.tenant, systemClock);
      await until(() => fast.receiver.arrivals.length === 1);
      expect(fast.receiver.arrivals).toHaveLength(1);
      expect((fast.receiver.arrivals[0] ?? Infinity) - recordedAt).toBeLessThan(1500);
      // Two attempts in flight to the hanging endpoint (perEndpoint), not six.
      expect(slow.receiver.arrivals).toHaveLength(2);
    }, 20_000);

    test('the circuit opens after failures in a row: the endpoint rests, then one attempt probes it', async () => {
      const failing = await endpoint(503);
      const clock = manualClock(Date.now());
      await record(failing.tenant, clock, 6);
      const dispatcher = createWebhookDispatcher({
        db: t.db,
        clock,
        tenantIds: [failing.tenant.tenantId],
        allowPrivateNetworks: true,
        perEndpoint: 1,
        breakerThreshold: 3,
        breakerCooldownMs: 60_000,
      });
      for (let i = 0; i < 3; i++) expect(await dispatcher.deliverDue()).toBe(1);
      expect(await dispatcher.deliverDue()).toBe(0); // open: three more events are due, none sent
      clock.advance(59_000);
      expect(await dispatcher.deliverDue()).toBe(0);
      expect(failing.receiver.arrivals).toHaveLength(3);
      clock.advance(1_000);
      expect(await dispatcher.deliverDue()).toBe(1); // half-open: one probe, which fails
      expect(await dispatcher.deliverDue()).toBe(0);
      expect(failing.receiver.arrivals).toHaveLength(4);
    });
  });
}
