import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../../test/helpers/activity.js';
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
const ago = (days: number, hour = 10) =>
  new Date(Date.parse('2026-10-01T00:00:00Z') - days * DAY + hour * 3_600_000).toISOString();

/** Six months of ordinary life: weekly groceries, monthly bills and a benefit, all domestic. */
function ordinaryHistory() {
  const items = [];
  for (let w = 1; w <= 26; w++) {
    items.push(
      transactionBody({
        occurred_at: ago(w * 7),
        amount: 60 + (w % 7) * 5,
        channel: 'CARD',
        counterparty_id: 'GROCER',
        counterparty_country: 'US',
        balance_after: 20_000,
      }),
    );
  }
  for (let m = 1; m <= 6; m++) {
    items.push(
      transactionBody({
        occurred_at: ago(m * 30, 6),
        amount: 1850,
        direction: 'CREDIT',
        channel: 'ACH',
        counterparty_id: 'SSA',
      }),
    );
    items.push(
      transactionBody({
        occurred_at: ago(m * 30 - 5),
        amount: 140,
        channel: 'BILL_PAY',
        counterparty_id: 'POWER-CO',
        counterparty_country: 'US',
      }),
    );
  }
  return items;
}

interface SignalJson {
  id: string;
  status: string;
  signal_category: string;
  severity: string;
  score: number;
  amount_at_risk: number;
  summary: string;
  evidence: { rule_name: string; transaction_ids: string[]; reason: string }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: real-time scoring and /signals`, () => {
    const t = useTestApp(dialect);
    const ingest = (tenant: TestTenant, profileId: string, body: unknown, query = '') =>
      call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profileId}/transactions${query}`, body });
    const prepared = async (overrides: Record<string, unknown> = {}) => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant, overrides);
      expect(
        (await ingest(tenant, profile.id, { transactions: ordinaryHistory() }, '?scoring=false')).statusCode,
      ).toBe(201);
      return { tenant, profile };
    };

    test('an ordinary purchase raises nothing, and its evaluation explains why', async () => {
      const { tenant, profile } = await prepared();
      const res = await ingest(
        tenant,
        profile.id,
        transactionBody({
          occurred_at: ago(0),
          amount: 72.4,
          counterparty_id: 'GROCER',
          counterparty_country: 'US',
        }),
      );
      expect(res.json()).toMatchObject({ accepted: 1, signals: [], transactions: [{ signal_ids: [] }] });
      const stored = await call(t.app, tenant, {
        url: `/v1/profiles/${profile.id}/transactions/${res.json().transactions[0].id}`,
      });
      expect(stored.json().evaluation).toMatchObject({
        score: 0,
        threshold: 0.3,
        signal_id: null,
        fired: [],
      });
      expect((await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/baseline` })).json().status).toBe(
        'READY',
      );
    });

    test('a large first wire abroad raises an explained HIGH signal and raises the profile risk', async () => {
      const { tenant, profile } = await prepared();
      const wire = transactionBody({
        occurred_at: ago(0),
        amount: 9500,
        channel: 'WIRE',
        counterparty_id: 'NEW-FRIEND',
        counterparty_name: 'J. Smith',
        counterparty_country: 'GH',
      });
      const res = await ingest(tenant, profile.id, wire);
      const body = res.json<{
        signals: SignalJson[];
        transactions: { id: string; signal_ids: string[] }[];
      }>();
      expect(body.signals).toHaveLength(1);
      const signal = body.signals[0]!;
      expect(body.transactions[0]!.signal_ids).toEqual([signal.id]);
      expect(signal).toMatchObject({
        status: 'ACTIVE',
        signal_category: 'SCAM_ROMANCE',
        amount_at_risk: 9500,
      });
      expect(['HIGH', 'CRITICAL']).toContain(signal.severity);
      expect(signal.evidence.map((e) => e.rule_name)).toEqual(
        expect.arrayContaining([
          'International wire to new country',
          'Large transfer to new payee',
          'Large debit vs baseline',
        ]),
      );
      expect(signal.summary).toMatch(/^Possible romance scam: .*9,500\.00 at risk/);
      const fetched = await call(t.app, tenant, { url: `/v1/signals/${signal.id}` });
      expect(fetched.json()).toEqual(signal);
      const risk = (await call(t.app, tenant, { url: `/v1/profiles/${profile.id}` })).json();
      expect(risk).toMatchObject({ open_signal_count: 1, risk_score: signal.score });
      expect(risk.risk_level).not.toBe('NONE');
    });

    test('repeated gift card purchases group into one signal and re-sending an item adds no evidence', async () => {
      const { tenant, profile } = await prepared();
      const cards = [0, 1, 2].map((h) =>
        transactionBody({
          occurred_at: ago(0, 10 + h),
          amount: 300,
          channel: 'GIFT_CARD',
          counterparty_id: 'STORE',
        }),
      );
      for (const card of cards) await ingest(tenant, profile.id, card);
      await ingest(tenant, profile.id, cards[2]);
      const list = (await call(t.app, tenant, { url: `/v1/signals?profile_id=${profile.id}` })).json<{
        data: SignalJson[];
      }>();
      expect(list.data).toHaveLength(1);
      const keys = list.data[0]!.evidence.map((e) => `${e.rule_name}|${e.transaction_ids.join()}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(list.data[0]!.signal_category).toBe('SCAM_TECH_SUPPORT');
    });

    test('concurrent ingests for one profile group into one signal (the profile is locked while scoring)', async () => {
      const { tenant, profile } = await prepared();
      const cards = [0, 1, 2, 3].map((h) =>
        transactionBody({
          occurred_at: ago(0, 10 + h),
          amount: 300,
          channel: 'GIFT_CARD',
          counterparty_id: 'STORE',
        }),
      );
      await Promise.all(cards.map((card) => ingest(tenant, profile.id, card)));
      const list = (await call(t.app, tenant, { url: `/v1/signals?profile_id=${profile.id}` })).json<{
        data: SignalJson[];
      }>();
      expect(list.data).toHaveLength(1);
    });

    test('SUSPENDED profiles are not scored; DECEASED ones only for activity after death', async () => {
      const { tenant, profile } = await prepared();
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${profile.id}`,
        body: { status: 'SUSPENDED' },
      });
      const res = await ingest(
        tenant,
        profile.id,
        transactionBody({
          occurred_at: ago(0),
          amount: 9500,
          channel: 'WIRE',
          counterparty_id: 'X',
          counterparty_country: 'GH',
        }),
      );
      expect(res.json().signals).toEqual([]);
      const stored = await call(t.app, tenant, {
        url: `/v1/profiles/${profile.id}/transactions/${res.json().transactions[0].id}`,
      });
      expect(stored.json().evaluation).toEqual({ skipped: 'profile is SUSPENDED' });

      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${profile.id}`,
        body: { status: 'DECEASED', date_of_death: ago(5).slice(0, 10) },
      });
      const before = await ingest(
        tenant,
        profile.id,
        transactionBody({ occurred_at: ago(6), amount: 40, channel: 'CARD' }),
      );
      expect(before.json().signals).toEqual([]);
      const after = await ingest(
        tenant,
        profile.id,
        transactionBody({ occurred_at: ago(1), amount: 40, channel: 'CARD', initiated_by: 'CUSTOMER' }),
      );
      expect(after.json().signals).toHaveLength(1);
      expect(after.json().signals[0]).toMatchObject({
        signal_category: 'POST_DEATH_ACTIVITY',
        severity: 'CRITICAL',
      });
    });

    test('a STAFF_CONCERN event raises a LOW signal on its own', async () => {
      const { tenant, profile } = await prepared();
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/events`,
        body: eventBody({ event_type: 'STAFF_CONCERN', occurred_at: ago(0) }),
      });
      expect(res.json().signals).toHaveLength(1);
      expect(res.json().signals[0]).toMatchObject({ severity: 'LOW', signal_category: 'UNDETERMINED' });
    });

    test('the tenant threshold decides whether a score becomes a signal, and its change is audited', async () => {
      const { tenant, profile } = await prepared();
      const settings = await call(t.app, tenant, {
        method: 'PATCH',
        url: '/v1/settings',
        body: { signal_threshold: 0.99 },
      });
      expect(settings.json()).toMatchObject({ signal_threshold: 0.99, grouping_window_days: 14 });
      const res = await ingest(
        tenant,
        profile.id,
        transactionBody({
          occurred_at: ago(0),
          amount: 9500,
          channel: 'WIRE',
          counterparty_id: 'Y',
          counterparty_country: 'GH',
        }),
      );
      expect(res.json().signals).toEqual([]);
      const evaluation = (
        await call(t.app, tenant, {
          url: `/v1/profiles/${profile.id}/transactions/${res.json().transactions[0].id}`,
        })
      ).json().evaluation;
      expect(evaluation.score).toBeGreaterThan(0.3);
      expect(evaluation.threshold).toBe(0.99);
      const audit = (await call(t.app, tenant, { url: '/v1/audit-events?action=settings.updated' })).json();
      expect(audit.data[0].changes).toEqual({ signal_threshold: [0.3, 0.99] });
      const bad = await call(t.app, tenant, {
        method: 'PATCH',
        url: '/v1/settings',
        body: { signal_threshold: 2 },
      });
      expect(bad.json()).toMatchObject({ status: 400, message: 'signal_threshold must be at most 1' });
    });

    test.each([
      ['severity=SEVERE', 'INVALID_SEVERITY', 'invalid severity'],
      ['signal_category=BURGLARY', 'INVALID_SIGNAL_CATEGORY', 'invalid signal_category'],
      ['status=OPEN', 'VALIDATION_ERROR', 'status must be one of ACTIVE, CONFIRMED, DISMISSED'],
    ])('GET /signals?%s answers %s', async (query, code, message) => {
      const tenant = await createTenant(t);
      expect((await call(t.app, tenant, { url: `/v1/signals?${query}` })).json()).toMatchObject({
        status: 400,
        code,
        message,
      });
    });

    test('GET /signals filters by status, severity, category and rule; unknown IDs are SIGNAL_NOT_FOUND', async () => {
      const { tenant, profile } = await prepared();
      const res = await ingest(
        tenant,
        profile.id,
        transactionBody({
          occurred_at: ago(0),
          amount: 9500,
          channel: 'WIRE',
          counterparty_id: 'Z',
          counterparty_country: 'GH',
        }),
      );
      const signal = res.json().signals[0] as SignalJson & { evidence: { rule_id: string }[] };
      const ids = async (query: string) =>
        (await call(t.app, tenant, { url: `/v1/signals?${query}` }))
          .json()
          .data.map((s: { id: string }) => s.id);
      expect(await ids('status=ACTIVE')).toEqual([signal.id]);
      expect(await ids('status=DISMISSED')).toEqual([]);
      expect(await ids(`severity=${signal.severity}`)).toEqual([signal.id]);
      expect(await ids('signal_category=SCAM_ROMANCE')).toEqual([signal.id]);
      expect(await ids(`rule_id=${signal.evidence[0]!.rule_id}`)).toEqual([signal.id]);
      expect(await ids('created_after=2999-01-01T00:00:00Z')).toEqual([]);
      const missing = await call(t.app, tenant, { url: '/v1/signals/01890000-0000-7000-8000-000000000000' });
      expect(missing.json()).toMatchObject({
        status: 404,
        code: 'SIGNAL_NOT_FOUND',
        message: 'signal not found',
      });
      expect((await call(t.app, tenant, { url: '/v1/signals/nope' })).json()).toMatchObject({
        message: 'invalid signal ID',
      });
      const rule = (await call(t.app, tenant, { url: `/v1/rules/${signal.evidence[0]!.rule_id}` })).json();
      expect(rule.stats).toMatchObject({ signals_total: 1, confirmed: 0, dismissed: 0, precision: null });
    });

    const makeSignal = async (app: TestApp, owner: TestTenant) => {
      const profile = await createProfile(app.app, owner);
      const res = await call(app.app, owner, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/events`,
        body: eventBody({ event_type: 'STAFF_CONCERN' }),
      });
      return res.json<{ signals: { id: string }[] }>().signals[0]!.id;
    };
    describe('GET /signals/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/signals/${id}`,
        scope: 'signals:read',
        setup: makeSignal,
      });
    });
  });
}
