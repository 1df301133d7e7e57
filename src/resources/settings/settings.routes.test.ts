import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

const DEFAULTS = {
  signal_threshold: 0.3,
  grouping_window_days: 14,
  baseline_lookback_days: 180,
  high_risk_countries: [],
};

function patch(t: TestApp, tenant: TestTenant, body: unknown, url = '/v1/settings') {
  return call(t.app, tenant, { method: 'PATCH', url, body });
}

async function settingsAudit(t: TestApp, tenant: TestTenant) {
  const res = await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${tenant.tenantId}` });
  return res
    .json<{ data: { action: string; changes: unknown }[] }>()
    .data.filter((e) => e.action === 'settings.updated');
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /settings (api.md §5.8)`, () => {
    const t = useTestApp(dialect);

    describe('GET /settings', () => {
      test('answers the defaults of a new tenant environment', async () => {
        const tenant = await createTenant(t);
        const res = await call(t.app, tenant, { url: '/v1/settings' });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject(DEFAULTS);
        expect(Date.parse(res.json<{ updated_at: string }>().updated_at)).toBeGreaterThan(0);
      });
    });

    describe('PATCH /settings', () => {
      test('changes only the fields sent, answers the new settings and audits the change', async () => {
        const tenant = await createTenant(t);
        const res = await patch(t, tenant, { signal_threshold: 0.45, high_risk_countries: ['NG', 'GH'] });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          ...DEFAULTS,
          signal_threshold: 0.45,
          high_risk_countries: ['NG', 'GH'],
        });
        expect((await call(t.app, tenant, { url: '/v1/settings' })).json()).toEqual(res.json());
        const audit = await settingsAudit(t, tenant);
        expect(audit).toHaveLength(1);
        expect(audit[0]?.changes).toEqual({
          signal_threshold: [0.3, 0.45],
          high_risk_countries: [[], ['NG', 'GH']],
        });
      });

      test('a change to nothing answers the settings as they are and writes no audit event', async () => {
        const tenant = await createTenant(t);
        const before = (await call(t.app, tenant, { url: '/v1/settings' })).json();
        const res = await patch(t, tenant, { signal_threshold: 0.3 });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(before);
        expect(await settingsAudit(t, tenant)).toEqual([]);
      });

      test('two changes of different fields at once both stay', async () => {
        const tenant = await createTenant(t);
        await call(t.app, tenant, { url: '/v1/settings' });
        const [a, b] = await Promise.all([
          patch(t, tenant, { signal_threshold: 0.5 }),
          patch(t, tenant, { grouping_window_days: 30 }),
        ]);
        expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
        expect((await call(t.app, tenant, { url: '/v1/settings' })).json()).toMatchObject({
          signal_threshold: 0.5,
          grouping_window_days: 30,
        });
      });

      test('the sandbox has its own settings', async () => {
        const tenant = await createTenant(t);
        await patch(t, tenant, { grouping_window_days: 7 }, '/sandbox/v1/settings');
        expect((await call(t.app, tenant, { url: '/v1/settings' })).json()).toMatchObject({
          grouping_window_days: 14,
        });
        expect((await call(t.app, tenant, { url: '/sandbox/v1/settings' })).json()).toMatchObject({
          grouping_window_days: 7,
        });
      });

      test("one tenant's change leaves another tenant's settings alone", async () => {
        const tenant = await createTenant(t);
        const other = await createTenant(t);
        await patch(t, other, { signal_threshold: 0.9 });
        expect((await call(t.app, tenant, { url: '/v1/settings' })).json()).toMatchObject({
          signal_threshold: 0.3,
        });
      });

      test.each([
        [{ signal_threshold: 1.5 }, 'signal_threshold must be at most 1'],
        [{ signal_threshold: '0.5' }, 'signal_threshold must be a number'],
        [{ grouping_window_days: 0 }, 'grouping_window_days must be at least 1'],
        [{ grouping_window_days: 2.5 }, 'grouping_window_days must be a whole number'],
        [{ baseline_lookback_days: 29 }, 'baseline_lookback_days must be at least 30'],
        [{ baseline_lookback_days: 731 }, 'baseline_lookback_days must be at most 730'],
        [{ high_risk_countries: ['ng'] }, 'high_risk_countries[0] must be an ISO 3166-1 alpha-2 code'],
        [{ high_risk_countries: ['NG', 'NG'] }, 'high_risk_countries is invalid'],
        [{ rules_version: 'x' }, 'rules_version is not allowed'],
        [[], 'request body must be a JSON object'],
      ])('refuses %j with 400 VALIDATION_ERROR and changes nothing', async (body, message) => {
        const tenant = await createTenant(t);
        const res = await patch(t, tenant, body);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          error: 'Bad Request',
          status: 400,
          code: 'VALIDATION_ERROR',
          message,
        });
        expect((await call(t.app, tenant, { url: '/v1/settings' })).json()).toMatchObject(DEFAULTS);
        expect(await settingsAudit(t, tenant)).toEqual([]);
      });
    });
  });
}
