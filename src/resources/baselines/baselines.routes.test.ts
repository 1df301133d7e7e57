import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

const DAY = 86_400_000;

/** Weekly groceries and a monthly benefit over the last `weeks` weeks before now. */
function history(weeks: number) {
  const now = Date.now();
  const items = [];
  for (let w = 1; w <= weeks; w++) {
    items.push(
      transactionBody({
        occurred_at: new Date(now - w * 7 * DAY).toISOString(),
        amount: 80 + (w % 5),
        counterparty_id: 'GROCER',
        channel: 'CARD',
      }),
    );
  }
  for (let m = 1; m * 30 <= weeks * 7; m++) {
    items.push(
      transactionBody({
        occurred_at: new Date(now - m * 30 * DAY).toISOString(),
        amount: 1900,
        direction: 'CREDIT',
        channel: 'ACH',
        counterparty_id: 'SSA',
      }),
    );
  }
  return items;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /profiles/{id}/baseline`, () => {
    const t = useTestApp(dialect);
    const url = (id: string) => `/v1/profiles/${id}/baseline`;
    const load = (tenant: TestTenant, id: string, weeks: number) =>
      call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${id}/transactions?scoring=false`,
        body: { transactions: history(weeks) },
      });

    test('GET answers 404 BASELINE_NOT_FOUND until one is computed', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, { url: url(profile.id) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({
        error: 'Not Found',
        code: 'BASELINE_NOT_FOUND',
        message: 'baseline not found',
      });
    });

    test('POST computes a READY baseline from 26 weeks of history, stores it and marks the profile', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      expect((await load(tenant, profile.id, 25)).statusCode).toBe(201);
      const res = await call(t.app, tenant, { method: 'POST', url: url(profile.id) });
      expect(res.statusCode).toBe(200);
      const baseline = res.json();
      expect(baseline).toMatchObject({
        profile_id: profile.id,
        status: 'READY',
        lookback_days: 180,
        debit_count: 25,
        credit_count: 5,
      });
      expect(baseline.debit_amount.median).toBe(82);
      expect(baseline.known_counterparties.GROCER).toMatchObject({ count: 25, typical_amount: 82 });
      expect(baseline.recurring_credits).toEqual([
        expect.objectContaining({ source: 'SSA', cadence_days: 30, typical_amount: 1900, count: 5 }),
      ]);
      expect(baseline.channel_mix.CARD).toEqual({ count_share: 1, value_share: 1 });
      expect((await call(t.app, tenant, { url: url(profile.id) })).json()).toEqual(baseline);
      expect((await call(t.app, tenant, { url: `/v1/profiles/${profile.id}` })).json().baseline_status).toBe(
        'READY',
      );
      const audit = (
        await call(t.app, tenant, {
          url: `/v1/audit-events?resource_id=${profile.id}&action=baseline.computed`,
        })
      ).json();
      expect(audit.data[0].changes).toEqual({ baseline_status: ['NONE', 'READY'] });
    });

    test('is INSUFFICIENT_HISTORY with under 90 days or 20 debits, and honours lookback_days', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await load(tenant, profile.id, 10);
      const short = await call(t.app, tenant, { method: 'POST', url: url(profile.id), body: {} });
      expect(short.json()).toMatchObject({ status: 'INSUFFICIENT_HISTORY', debit_count: 10 });
      const narrow = await call(t.app, tenant, {
        method: 'POST',
        url: url(profile.id),
        body: { lookback_days: 30 },
      });
      expect(narrow.json()).toMatchObject({ lookback_days: 30, debit_count: 4 });
      expect((await call(t.app, tenant, { url: `/v1/profiles/${profile.id}` })).json().baseline_status).toBe(
        'INSUFFICIENT_HISTORY',
      );
    });

    test.each([
      [{ lookback_days: 29 }, 'lookback_days must be at least 30'],
      [{ lookback_days: 731 }, 'lookback_days must be at most 730'],
      [{ window: 3 }, 'window is not allowed'],
    ])('refuses %j', async (body, message) => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, { method: 'POST', url: url(profile.id), body });
      expect(res.json()).toMatchObject({ status: 400, message });
    });

    test('returns 404 PROFILE_NOT_FOUND for an unknown profile', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: url('01890000-0000-7000-8000-000000000000'),
      });
      expect(res.json()).toMatchObject({ status: 404, code: 'PROFILE_NOT_FOUND' });
    });

    const withBaseline = async (app: TestApp, owner: TestTenant) => {
      const profile = await createProfile(app.app, owner);
      await call(app.app, owner, { method: 'POST', url: url(profile.id) });
      return profile.id;
    };
    describe('GET security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/profiles/${id}/baseline`,
        scope: 'baselines:read',
        setup: withBaseline,
      });
    });
    describe('POST security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/profiles/${id}/baseline`,
        scope: 'baselines:write',
        setup: withBaseline,
        read: (id) => `/profiles/${id}/baseline`,
      });
    });
  });
}
