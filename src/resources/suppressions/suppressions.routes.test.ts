import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { productionSignal } from '../../../test/helpers/signals.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-02T12:00:00Z');

for (const dialect of DIALECTS) {
  describe(`${dialect}: suppressions from benign dismissals`, () => {
    const clock = manualClock(NOW);
    const t = useTestApp(dialect, { clock });
    const review = (tenant: TestTenant, id: string, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: `/v1/signals/${id}/review`, body });
    const suppressions = async (tenant: TestTenant, profileId: string, query = '') =>
      (await call(t.app, tenant, { url: `/v1/profiles/${profileId}/suppressions${query}` })).json<{
        data: Record<string, unknown>[];
      }>().data;

    test('a KNOWN_COUNTERPARTY dismissal with suppress stores it, audits it and lists it on the profile until it expires', async () => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const evidence = (await call(t.app, tenant, { url: `/v1/signals/${signal.id}` })).json<{
        evidence: { rule_id: string }[];
      }>().evidence;
      const res = await review(tenant, signal.id, {
        status: 'DISMISSED',
        reason: 'KNOWN_COUNTERPARTY',
        suppress: { counterparty_id: 'STORE', days: 30 },
      });
      expect(res.statusCode).toBe(200);
      const listed = await suppressions(tenant, signal.profileId);
      expect(listed).toEqual([
        {
          id: expect.any(String),
          profile_id: signal.profileId,
          counterparty_id: 'STORE',
          rule_ids: [...new Set(evidence.map((e) => e.rule_id))],
          signal_id: signal.id,
          signal_category: expect.any(String),
          reason: 'KNOWN_COUNTERPARTY',
          created_by: { type: 'api_key', id: expect.any(String), name: expect.any(String) },
          created_at: new Date(NOW).toISOString(),
          expires_at: new Date(NOW + 30 * DAY).toISOString(),
          active: true,
        },
      ]);
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${String(listed[0]!.id)}` })
      ).json<{ data: { action: string; changes: Record<string, unknown> }[] }>().data;
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        action: 'suppression.created',
        changes: { signal_id: [null, signal.id], counterparty_id: [null, 'STORE'] },
      });

      clock.advance(30 * DAY);
      expect(await suppressions(tenant, signal.profileId)).toEqual([]);
      const all = await suppressions(tenant, signal.profileId, '?include_expired=true');
      expect(all).toMatchObject([{ id: listed[0]!.id, active: false }]);
    });

    test('LEGITIMATE_ACTIVITY without a counterparty suppresses the whole pattern of the profile', async () => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      await review(tenant, signal.id, {
        status: 'DISMISSED',
        reason: 'LEGITIMATE_ACTIVITY',
        suppress: { days: 1 },
      });
      expect(await suppressions(tenant, signal.profileId)).toMatchObject([
        { counterparty_id: null, reason: 'LEGITIMATE_ACTIVITY' },
      ]);
    });

    test.each([
      [{ status: 'CONFIRMED', reason: 'SAR_FILED', suppress: { days: 30 } }, 'SUPPRESS'],
      [{ status: 'DISMISSED', reason: 'CUSTOMER_VERIFIED', suppress: { days: 30 } }, 'SUPPRESS'],
      [{ status: 'DISMISSED', suppress: { days: 30 } }, 'SUPPRESS'],
      [
        {
          status: 'DISMISSED',
          reason: 'KNOWN_COUNTERPARTY',
          suppress: { counterparty_id: 'SOMEONE', days: 3 },
        },
        "suppress.counterparty_id must be a counterparty of the signal's transactions",
      ],
      [
        { status: 'DISMISSED', reason: 'KNOWN_COUNTERPARTY', suppress: { days: 0 } },
        'suppress.days must be at least 1',
      ],
      [
        { status: 'DISMISSED', reason: 'KNOWN_COUNTERPARTY', suppress: { days: 366 } },
        'suppress.days must be at most 365',
      ],
      [{ status: 'DISMISSED', reason: 'KNOWN_COUNTERPARTY', suppress: {} }, 'suppress.days is required'],
      [
        { status: 'DISMISSED', reason: 'KNOWN_COUNTERPARTY', suppress: { days: 3, rules: [] } },
        'suppress.rules is not allowed',
      ],
    ])('answers 400 for %j: the signal stays ACTIVE and nothing is suppressed', async (body, message) => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const res = await review(tenant, signal.id, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        error: 'Bad Request',
        code: 'VALIDATION_ERROR',
        message:
          message === 'SUPPRESS'
            ? 'suppress needs status DISMISSED with reason KNOWN_COUNTERPARTY or LEGITIMATE_ACTIVITY'
            : message,
      });
      expect((await call(t.app, tenant, { url: `/v1/signals/${signal.id}` })).json().status).toBe('ACTIVE');
      expect(await suppressions(tenant, signal.profileId, '?include_expired=true')).toEqual([]);
    });

    test('bulk review with suppress stores one suppression per reviewed signal', async () => {
      const tenant = await createTenant(t);
      const [a, b] = [await productionSignal(t.app, tenant), await productionSignal(t.app, tenant)];
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/signals/bulk-review',
        body: {
          signal_ids: [a.id, b.id],
          status: 'DISMISSED',
          reason: 'KNOWN_COUNTERPARTY',
          suppress: { counterparty_id: 'STORE', days: 90 },
        },
      });
      expect(res.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(['REVIEWED', 'REVIEWED']);
      for (const s of [a, b])
        expect(await suppressions(tenant, s.profileId)).toMatchObject([
          { signal_id: s.id, counterparty_id: 'STORE' },
        ]);
    });

    test('answers 404 PROFILE_NOT_FOUND for an unknown profile and 400 for a bad ID', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        url: '/v1/profiles/01890000-0000-7000-8000-000000000000/suppressions',
      });
      expect(res.json()).toMatchObject({
        status: 404,
        code: 'PROFILE_NOT_FOUND',
        message: 'profile not found',
      });
      const bad = await call(t.app, tenant, { url: '/v1/profiles/x/suppressions' });
      expect(bad.json()).toMatchObject({ status: 400, message: 'invalid profile ID' });
    });

    describe('GET /profiles/{id}/suppressions security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/profiles/${id}/suppressions`,
        scope: 'profiles:read',
        setup: async (app, owner) => {
          const signal = await productionSignal(app.app, owner);
          await call(app.app, owner, {
            method: 'POST',
            url: `/v1/signals/${signal.id}/review`,
            body: { status: 'DISMISSED', reason: 'LEGITIMATE_ACTIVITY', suppress: { days: 365 } },
          });
          return signal.profileId;
        },
      });
    });
  });
}
