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

const BASE = Date.parse('2026-10-01T10:00:00Z');
const at = (days: number) => new Date(BASE - days * 86_400_000).toISOString();

async function signalOn(
  t: TestApp,
  tenant: TestTenant,
): Promise<{ signalId: string; profileId: string; ruleIds: string[] }> {
  const profile = await createProfile(t.app, tenant);
  const res = await call(t.app, tenant, {
    method: 'POST',
    url: `/v1/profiles/${profile.id}/transactions`,
    body: transactionBody({
      occurred_at: at(0),
      amount: 700,
      channel: 'GIFT_CARD',
      counterparty_id: 'STORE',
    }),
  });
  const signal = res.json<{ signals: { id: string; evidence: { rule_id: string }[] }[] }>().signals[0]!;
  return { signalId: signal.id, profileId: profile.id, ruleIds: signal.evidence.map((e) => e.rule_id) };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /signals/{id}/review and /reopen`, () => {
    const t = useTestApp(dialect);
    const review = (tenant: TestTenant, id: string, body?: unknown) =>
      call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${id}/review`,
        ...(body === undefined ? {} : { body }),
      });
    const reopen = (tenant: TestTenant, id: string, body?: unknown) =>
      call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${id}/reopen`,
        ...(body === undefined ? {} : { body }),
      });

    test('confirms with a reason and notes, records the reviewer, audits it and updates rule stats', async () => {
      const tenant = await createTenant(t);
      const { signalId, ruleIds } = await signalOn(t, tenant);
      const res = await review(tenant, signalId, {
        status: 'CONFIRMED',
        reason: 'SAR_FILED',
        notes: 'customer bought cards for a caller',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'CONFIRMED',
        review: {
          status: 'CONFIRMED',
          reason: 'SAR_FILED',
          notes: 'customer bought cards for a caller',
          reviewed_by: expect.any(String),
        },
      });
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${signalId}&action=signal.reviewed` })
      ).json();
      expect(audit.data[0].changes).toMatchObject({
        status: ['ACTIVE', 'CONFIRMED'],
        reason: [null, 'SAR_FILED'],
      });
      const rule = (await call(t.app, tenant, { url: `/v1/rules/${ruleIds[0]}` })).json();
      expect(rule.stats).toEqual({ signals_total: 1, confirmed: 1, dismissed: 0, precision: 1 });
    });

    test.each([
      [undefined, 'status must be CONFIRMED or DISMISSED'],
      [{}, 'status must be CONFIRMED or DISMISSED'],
      [{ status: 'ESCALATED' }, 'status must be CONFIRMED or DISMISSED'],
      [{ status: 7 }, 'status must be CONFIRMED or DISMISSED'],
      [
        { status: 'DISMISSED', reason: 'SAR_FILED' },
        'reason must be one of LEGITIMATE_ACTIVITY, CUSTOMER_VERIFIED, KNOWN_COUNTERPARTY, DUPLICATE, INSUFFICIENT_EVIDENCE, OTHER for DISMISSED',
      ],
      [{ status: 'CONFIRMED', notes: 'x'.repeat(2001) }, 'notes must be at most 2000 characters'],
    ])('answers 400 for the body %j and changes nothing', async (body, message) => {
      const tenant = await createTenant(t);
      const { signalId } = await signalOn(t, tenant);
      const res = await review(tenant, signalId, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', code: 'VALIDATION_ERROR', message });
      expect((await call(t.app, tenant, { url: `/v1/signals/${signalId}` })).json().status).toBe('ACTIVE');
    });

    test('answers 409 INVALID_STATE "signal review requires ACTIVE status" for a reviewed signal', async () => {
      const tenant = await createTenant(t);
      const { signalId } = await signalOn(t, tenant);
      await review(tenant, signalId, { status: 'DISMISSED', reason: 'LEGITIMATE_ACTIVITY' });
      const res = await review(tenant, signalId, { status: 'CONFIRMED' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        error: 'Conflict',
        code: 'INVALID_STATE',
        message: 'signal review requires ACTIVE status',
      });
    });

    test('answers 409 INVALID_STATE "signal status must be CONFIRMED or DISMISSED" when reopening an ACTIVE signal', async () => {
      const tenant = await createTenant(t);
      const { signalId } = await signalOn(t, tenant);
      const res = await reopen(tenant, signalId);
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        code: 'INVALID_STATE',
        message: 'signal status must be CONFIRMED or DISMISSED',
      });
    });

    test('reopens a dismissed signal to ACTIVE, and it can be reviewed again', async () => {
      const tenant = await createTenant(t);
      const { signalId, profileId } = await signalOn(t, tenant);
      await review(tenant, signalId, { status: 'DISMISSED', reason: 'CUSTOMER_VERIFIED' });
      expect((await call(t.app, tenant, { url: `/v1/profiles/${profileId}` })).json()).toMatchObject({
        open_signal_count: 0,
        risk_level: 'NONE',
      });
      const reopened = await reopen(tenant, signalId, { notes: 'customer called back' });
      expect(reopened.json()).toMatchObject({ status: 'ACTIVE', review: null });
      expect((await call(t.app, tenant, { url: `/v1/profiles/${profileId}` })).json().open_signal_count).toBe(
        1,
      );
      expect(
        (await review(tenant, signalId, { status: 'CONFIRMED', reason: 'HOLD_PLACED' })).statusCode,
      ).toBe(200);
    });

    test('of two concurrent reviews exactly one wins and the other gets 409', async () => {
      const tenant = await createTenant(t);
      const { signalId } = await signalOn(t, tenant);
      const results = await Promise.all([
        review(tenant, signalId, { status: 'CONFIRMED', reason: 'SAR_FILED' }),
        review(tenant, signalId, { status: 'DISMISSED', reason: 'DUPLICATE' }),
      ]);
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${signalId}&action=signal.reviewed` })
      ).json();
      expect(audit.data).toHaveLength(1);
    });

    test('evidence of a CONFIRMED signal is left out of later baselines', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const history = Array.from({ length: 25 }, (_, w) =>
        transactionBody({ occurred_at: at(7 * (w + 1)), amount: 50, counterparty_id: 'GROCER' }),
      );
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: history },
      });
      const card = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: transactionBody({ occurred_at: at(0), amount: 900, channel: 'GIFT_CARD' }),
      });
      const signalId = card.json<{ signals: { id: string }[] }>().signals[0]!.id;
      const compute = async () =>
        (await call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profile.id}/baseline` })).json();
      const before = await compute();
      expect(before.debit_amount.max).toBe(900);
      await review(tenant, signalId, { status: 'CONFIRMED', reason: 'CUSTOMER_CONFIRMED' });
      const after = await compute();
      expect(after.debit_amount.max).toBe(50);
      expect(after.debit_count).toBe(before.debit_count - 1);
    });

    test('evidence of a CONFIRMED signal is left out of the baseline real-time scoring stores next', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const history = Array.from({ length: 25 }, (_, w) =>
        transactionBody({ occurred_at: at(7 * (w + 1) + 10), amount: 50, counterparty_id: 'GROCER' }),
      );
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: history },
      });
      const post = (body: Record<string, unknown>) =>
        call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profile.id}/transactions`, body });
      const card = await post(transactionBody({ occurred_at: at(10), amount: 900, channel: 'GIFT_CARD' }));
      const signalId = card.json<{ signals: { id: string }[] }>().signals[0]!.id;
      await review(tenant, signalId, { status: 'CONFIRMED', reason: 'CUSTOMER_CONFIRMED' });
      // Eight days on, the stored baseline is older than 7 days: scoring recomputes and stores it.
      expect(
        (await post(transactionBody({ occurred_at: at(2), amount: 40, counterparty_id: 'GROCER' })))
          .statusCode,
      ).toBe(201);
      const stored = (await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/baseline` })).json();
      expect(stored.as_of).toBe(at(2));
      expect(stored.debit_amount.max).toBe(50);
    });

    test('returns 404 SIGNAL_NOT_FOUND for unknown signals and 400 for bad IDs', async () => {
      const tenant = await createTenant(t);
      expect(
        (await review(tenant, '01890000-0000-7000-8000-000000000000', { status: 'CONFIRMED' })).json(),
      ).toMatchObject({ status: 404, code: 'SIGNAL_NOT_FOUND' });
      expect((await reopen(tenant, 'xyz')).json()).toMatchObject({
        status: 400,
        message: 'invalid signal ID',
      });
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
    describe('POST /signals/{id}/review security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/signals/${id}/review`,
        scope: 'signals:review',
        body: { status: 'DISMISSED' },
        setup: makeSignal,
        read: (id) => `/signals/${id}`,
      });
    });
  });
}
