/**
 * Issue 13, alert before the loss: the ingest response says what to do with the payment it scored,
 * and account events alone raise a takeover signal before any money moves.
 */
import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp } from '../../../test/helpers/test-app.js';

interface IngestJson {
  transactions: {
    id: string;
    signal_ids: string[];
    scoring: { signal_id: string; recommended_action: string } | null;
  }[];
  signals: { id: string; recommended_action: string; signal_category: string; severity: string }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: alert before the loss`, () => {
    const t = useTestApp(dialect);

    test('a gift card purchase of 600 is scored in the request and answered with HOLD_PAYMENT', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: transactionBody({ amount: 600, channel: 'GIFT_CARD', counterparty_type: 'BUSINESS' }),
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<IngestJson>();
      const signalId = body.transactions[0]!.signal_ids[0]!;
      expect(body.transactions[0]!.scoring).toEqual({
        signal_id: signalId,
        recommended_action: 'HOLD_PAYMENT',
      });
      expect(body.signals[0]).toMatchObject({ id: signalId, recommended_action: 'HOLD_PAYMENT' });
      const signal = await call(t.app, tenant, { url: `/v1/signals/${signalId}` });
      expect(signal.json()).toMatchObject({ recommended_action: 'HOLD_PAYMENT' });
    });

    test('an ordinary card purchase gets scoring: null', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: transactionBody({ amount: 42.5, channel: 'CARD' }),
      });
      expect(res.json<IngestJson>().transactions[0]!.scoring).toBeNull();
    });

    test('a phone change, a new device and a new payee within hours raise a takeover signal before any debit', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const post = (event: Record<string, unknown>) =>
        call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/events`,
          body: eventBody(event),
        });
      const first = await post({ event_type: 'PHONE_CHANGE', occurred_at: '2026-06-01T10:00:00.000Z' });
      const second = await post({ event_type: 'NEW_DEVICE_LOGIN', occurred_at: '2026-06-01T11:00:00.000Z' });
      expect(first.json<{ signals: unknown[] }>().signals).toEqual([]);
      expect(second.json<{ signals: unknown[] }>().signals).toEqual([]);
      const third = await post({ event_type: 'PAYEE_ADDED', occurred_at: '2026-06-01T12:00:00.000Z' });
      expect(third.statusCode).toBe(201);
      expect(third.json<IngestJson>().signals).toEqual([
        expect.objectContaining({
          signal_category: 'ACCOUNT_TAKEOVER',
          severity: 'HIGH',
          recommended_action: 'HOLD_PAYMENT',
        }),
      ]);
    });

    test('a new phone (password reset then new device) raises nothing', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      for (const [event_type, occurred_at] of [
        ['PASSWORD_RESET', '2026-06-01T10:00:00.000Z'],
        ['NEW_DEVICE_LOGIN', '2026-06-01T10:20:00.000Z'],
      ]) {
        const res = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/events`,
          body: eventBody({ event_type, occurred_at }),
        });
        expect(res.json<{ signals: unknown[] }>().signals).toEqual([]);
      }
    });
  });
}
