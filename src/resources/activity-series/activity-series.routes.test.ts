import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';

const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const at = (daysBefore: number, hour = 10) =>
  new Date(END - daysBefore * DAY + hour * 3_600_000).toISOString();

interface Point {
  start: string;
  debits_total: number;
  credits_total: number;
  customer_initiated_debits_total: number;
  count: number;
  baseline_median: number | null;
  baseline_p90: number | null;
}
interface Series {
  from: string;
  to: string;
  points: Point[];
  markers: { at: string; kind: string; label: string; ref_id: string }[];
  baseline: { status: string } | null;
}

/** Half a year of weekly groceries and monthly pension and power bill, plus odd amounts to sum. */
function history() {
  const items = [];
  for (let w = 0; w < 26; w++)
    items.push(transactionBody({ occurred_at: at(w * 7 + 3), amount: 60.15 + w, counterparty_id: 'GROCER' }));
  for (let m = 0; m < 6; m++) {
    items.push(
      transactionBody({ occurred_at: at(m * 30 + 2, 6), amount: 1850, direction: 'CREDIT', channel: 'ACH' }),
      transactionBody({ occurred_at: at(m * 30 + 5), amount: 140.07, channel: 'BILL_PAY' }),
    );
  }
  return items;
}

const round = (n: number) => Math.round(n * 100) / 100;

for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /profiles/{id}/activity-series`, () => {
    const t = useTestApp(dialect);
    const series = (tenant: TestTenant, profileId: string, query: string) =>
      call(t.app, tenant, { url: `/v1/profiles/${profileId}/activity-series?${query}` });

    async function profileWithHistory(tenant: TestTenant) {
      const profile = await createProfile(t.app, tenant);
      const items = history();
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: items },
      });
      expect(res.statusCode).toBe(201);
      return { profile, items };
    }

    test('day and week totals equal the sums of the transactions in range, with the baseline band on every point', async () => {
      const tenant = await createTenant(t);
      const { profile, items } = await profileWithHistory(tenant);
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/baseline`,
        body: { lookback_days: 365 },
      });
      for (const bucket of ['day', 'week']) {
        const res = await series(
          tenant,
          profile.id,
          `bucket=${bucket}&from=${at(120).slice(0, 10)}&to=2026-09-30`,
        );
        expect(res.statusCode).toBe(200);
        const body = res.json<Series>();
        // Weeks widen the range to whole ISO weeks: the sums are over the range the answer states.
        const fromMs = Date.parse(`${body.from}T00:00:00Z`);
        const toMs = Date.parse(`${body.to}T00:00:00Z`) + DAY;
        const inRange = items.filter((i) => {
          const ms = Date.parse(String(i.occurred_at));
          return ms >= fromMs && ms < toMs;
        });
        const sumOf = (pick: (i: Record<string, unknown>) => boolean) =>
          round(inRange.filter(pick).reduce((s, i) => s + Number(i.amount), 0));
        const total = (k: keyof Point) => round(body.points.reduce((s, p) => s + Number(p[k]), 0));
        expect(inRange.length).toBeGreaterThan(20);
        expect(total('debits_total')).toBe(sumOf((i) => i.direction === 'DEBIT'));
        expect(total('credits_total')).toBe(sumOf((i) => i.direction === 'CREDIT'));
        expect(total('customer_initiated_debits_total')).toBe(
          sumOf((i) => i.direction === 'DEBIT' && i.channel !== 'BILL_PAY'),
        );
        expect(total('count')).toBe(inRange.length);
        expect(body.baseline).toMatchObject({ status: 'READY' });
        const [first] = body.points;
        expect(first!.baseline_median).toEqual(expect.any(Number));
        expect(first!.baseline_p90!).toBeGreaterThanOrEqual(first!.baseline_median!);
        expect(body.points.every((p) => p.baseline_p90 === first!.baseline_p90)).toBe(true);
        if (bucket === 'day') expect(body.points).toHaveLength(120);
        else expect(new Date(`${body.points[0]!.start}T00:00:00Z`).getUTCDay()).toBe(1);
      }
      // A week of groceries in the band: the weekly median is about one grocery run plus bills.
      const weekly = (
        await series(tenant, profile.id, 'bucket=week&from=2026-09-01&to=2026-09-30')
      ).json<Series>();
      expect(weekly.points[0]!.baseline_median).toBeGreaterThan(60);
    });

    test('markers: account events, signal first-seen times and the date of death, in time order', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const event = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/events`,
        body: eventBody({ event_type: 'PAYEE_ADDED', occurred_at: at(10) }),
      });
      const card = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: transactionBody({ occurred_at: at(5), amount: 700, channel: 'GIFT_CARD' }),
      });
      const signalId = card.json<{ signals: { id: string }[] }>().signals[0]!.id;
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${profile.id}`,
        body: { status: 'DECEASED', date_of_death: at(2).slice(0, 10) },
      });
      const body = (await series(tenant, profile.id, 'from=2026-09-01&to=2026-09-30')).json<Series>();
      expect(body.markers).toEqual([
        {
          at: at(10),
          kind: 'ACCOUNT_EVENT',
          label: 'PAYEE_ADDED',
          ref_id: event.json<{ events: { id: string }[] }>().events[0]!.id,
        },
        {
          at: at(5),
          kind: 'SIGNAL',
          label: expect.stringMatching(/\((LOW|MEDIUM|HIGH|CRITICAL)\)$/),
          ref_id: signalId,
        },
        {
          at: `${at(2).slice(0, 10)}T00:00:00.000Z`,
          kind: 'DATE_OF_DEATH',
          label: 'Date of death',
          ref_id: profile.id,
        },
      ]);
      const outside = (await series(tenant, profile.id, 'from=2026-08-01&to=2026-08-31')).json<Series>();
      expect(outside.markers).toEqual([]);
    });

    test.each([
      ['from=2025-01-01&to=2026-02-05', 'the range must span at most 400 days'],
      ['bucket=week&from=2024-01-01&to=2026-06-01', 'the range must span at most 120 weeks'],
      ['from=2026-09-02&to=2026-09-01', 'from must not be after to'],
      ['bucket=month', 'bucket must be one of day, week'],
      ['from=2026-13-01', 'from must be a date (YYYY-MM-DD)'],
      ['since=2026-01-01', 'since is not allowed'],
    ])('answers 400 for ?%s', async (query, message) => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await series(tenant, profile.id, query);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', code: 'VALIDATION_ERROR', message });
    });

    test('without a baseline the band is null; empty days are zero points', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const body = (await series(tenant, profile.id, 'from=2026-09-01&to=2026-09-07')).json<Series>();
      expect(body).toMatchObject({ from: '2026-09-01', to: '2026-09-07', baseline: null, markers: [] });
      expect(body.points.map((p) => p.start)).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => `2026-09-0${d}`));
      expect(body.points[0]).toEqual({
        start: '2026-09-01',
        debits_total: 0,
        credits_total: 0,
        customer_initiated_debits_total: 0,
        count: 0,
        baseline_median: null,
        baseline_p90: null,
      });
    });

    test('answers 404 PROFILE_NOT_FOUND for an unknown profile', async () => {
      const tenant = await createTenant(t);
      const res = await series(tenant, '01890000-0000-7000-8000-000000000000', 'bucket=day');
      expect(res.json()).toMatchObject({
        status: 404,
        code: 'PROFILE_NOT_FOUND',
        message: 'profile not found',
      });
    });

    describe('security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/profiles/${id}/activity-series`,
        scope: 'transactions:read',
        setup: async (app, owner) => (await createProfile(app.app, owner)).id,
      });
    });
  });
}
