/**
 * Issue 13, alert before the loss: the ingest response says what to do with the payment it scored,
 * and account events alone raise a takeover signal before any money moves.
 */
import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

const DAY = 86_400_000;

/**
 * A customer with a READY baseline: 25 weeks of groceries by card (about 80 each) and `extra`
 * history, loaded unscored, then the baseline computed. Returns the profile ID.
 */
async function customerWithBaseline(t: TestApp, tenant: TestTenant, extra: Record<string, unknown>[] = []) {
  const profile = await createProfile(t.app, tenant);
  const now = Date.now();
  const groceries = Array.from({ length: 25 }, (_, i) =>
    transactionBody({
      occurred_at: new Date(now - (i + 1) * 7 * DAY).toISOString(),
      amount: 80 + (i % 5),
      counterparty_id: 'GROCER',
      channel: 'CARD',
    }),
  );
  const loaded = await call(t.app, tenant, {
    method: 'POST',
    url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
    body: { transactions: [...groceries, ...extra] },
  });
  expect(loaded.statusCode).toBe(201);
  const baseline = await call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profile.id}/baseline` });
  expect(baseline.json()).toMatchObject({ status: 'READY' });
  return profile.id;
}

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

    test('a first 3,000 cash withdrawal at the teller by a card-only customer is answered with HOLD_PAYMENT', async () => {
      const tenant = await createTenant(t);
      const profileId = await customerWithBaseline(t, tenant);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/transactions`,
        body: transactionBody({ occurred_at: new Date().toISOString(), amount: 3000, channel: 'TELLER' }),
      });
      expect(res.statusCode).toBe(201);
      const body = res.json<IngestJson>();
      const scoring = body.transactions[0]!.scoring;
      expect(scoring).toEqual({ signal_id: expect.any(String), recommended_action: 'HOLD_PAYMENT' });
      const signal = (await call(t.app, tenant, { url: `/v1/signals/${scoring!.signal_id}` })).json<{
        recommended_action: string;
        severity: string;
        evidence: { rule_name: string; transaction_ids: string[] }[];
      }>();
      expect(signal).toMatchObject({ recommended_action: 'HOLD_PAYMENT', severity: 'HIGH' });
      expect(signal.evidence).toContainEqual(
        expect.objectContaining({
          rule_name: 'First large cash or wire',
          transaction_ids: [body.transactions[0]!.id],
        }),
      );
    });

    test('the same withdrawal by a customer who took 1,500 at the teller two months ago raises nothing', async () => {
      const tenant = await createTenant(t);
      const profileId = await customerWithBaseline(t, tenant, [
        transactionBody({
          occurred_at: new Date(Date.now() - 60 * DAY).toISOString(),
          amount: 1500,
          channel: 'TELLER',
        }),
      ]);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/transactions`,
        body: transactionBody({ occurred_at: new Date().toISOString(), amount: 3000, channel: 'TELLER' }),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json<IngestJson>().transactions[0]).toMatchObject({ signal_ids: [], scoring: null });
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
