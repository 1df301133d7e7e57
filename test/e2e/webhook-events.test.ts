import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { systemClock } from '../../src/lib/clock.js';
import { verifyWebhook } from '../../src/lib/webhook-signature.js';
import { createWebhookDispatcher } from '../../src/resources/webhooks/webhooks.dispatcher.js';
import { createProfile, transactionBody } from '../helpers/activity.js';
import { DIALECTS } from '../helpers/dialects.js';
import { call, createTenant, useTestApp } from '../helpers/test-app.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: product events reach webhooks through the outbox`, () => {
    const t = useTestApp(dialect);

    test('signal.created, signal.reviewed and profile.status_changed are delivered, signed', async () => {
      const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          received.push({ headers: req.headers, body });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const tenant = await createTenant(t);
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
        const hook = await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/webhooks',
          body: { url, events: ['signal.created', 'signal.reviewed', 'profile.status_changed'] },
        });
        const secret = hook.json<{ secret: string }>().secret;
        const profile = await createProfile(t.app, tenant);
        const ingest = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/transactions`,
          body: transactionBody({ amount: 800, channel: 'GIFT_CARD' }),
        });
        const signalId = ingest.json<{ signals: { id: string }[] }>().signals[0]!.id;
        await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/signals/${signalId}/review`,
          body: { status: 'CONFIRMED', reason: 'HOLD_PLACED' },
        });
        await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${profile.id}`,
          body: { status: 'SUSPENDED' },
        });

        const dispatcher = createWebhookDispatcher({
          db: t.db,
          clock: systemClock,
          tenantIds: [tenant.tenantId],
          allowPrivateNetworks: true,
          // All three events in one pass (the default sends at most two at a time to one endpoint).
          perEndpoint: 3,
        });
        const delivered = await dispatcher.deliverDue();
        expect(delivered).toBe(3);
        const events = received.map(
          (r) => JSON.parse(r.body) as { type: string; data: Record<string, unknown> },
        );
        expect(events.map((e) => e.type).sort()).toEqual([
          'profile.status_changed',
          'signal.created',
          'signal.reviewed',
        ]);
        expect(events.find((e) => e.type === 'signal.created')?.data).toMatchObject({
          id: signalId,
          signal_category: 'SCAM_TECH_SUPPORT',
        });
        expect(events.find((e) => e.type === 'profile.status_changed')?.data).toMatchObject({
          status: 'SUSPENDED',
          previous_status: 'ACTIVE',
        });
        for (const r of received) expect(verifyWebhook(secret, r.headers, r.body)).toBe(true);
      } finally {
        server.closeAllConnections();
        await new Promise<void>((resolve) =>
          server.close(() => {
            resolve();
          }),
        );
      }
    });
  });
}
