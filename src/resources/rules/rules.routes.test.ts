import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { DEFAULT_RULES } from '../../domain/detection/rules/index.js';

const validRule = (overrides: Record<string, unknown> = {}) => ({
  name: 'Big wires',
  rule_type: 'THRESHOLD',
  severity: 'HIGH',
  weight: 0.4,
  parameters: { min_amount: 10_000, channels: ['WIRE'] },
  ...overrides,
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: /rules`, () => {
    const t = useTestApp(dialect);
    const create = (tenant: TestTenant, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: '/v1/rules', body });

    test('every tenant environment starts with the default rule set', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, { url: '/v1/rules?limit=200' });
      const rules = res.json<{ data: Record<string, unknown>[] }>().data;
      expect(rules).toHaveLength(DEFAULT_RULES.length);
      expect(rules.map((r) => r.name).sort()).toEqual(DEFAULT_RULES.map((d) => d.name).sort());
      expect(rules.every((r) => r.is_default === true && r.version === 1 && r.enabled === true)).toBe(true);
      expect(rules[0]?.stats).toEqual({ signals_total: 0, confirmed: 0, dismissed: 0, precision: null });
      const sandbox = (await call(t.app, tenant, { url: '/sandbox/v1/rules?limit=200' })).json<{
        data: { id: string }[];
      }>().data;
      expect(sandbox).toHaveLength(DEFAULT_RULES.length);
      expect(sandbox.map((r) => r.id)).not.toContain(rules[0]?.id);
    });

    test('creates a rule with parameter defaults filled and the type’s category', async () => {
      const tenant = await createTenant(t);
      const res = await create(tenant, validRule());
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({
        name: 'Big wires',
        rule_type: 'THRESHOLD',
        signal_category: 'UNDETERMINED',
        parameters: { min_amount: 10_000, channels: ['WIRE'], window_hours: 24 },
        enabled: true,
        version: 1,
        is_default: false,
      });
    });

    test.each([
      [{ name: undefined }, 'VALIDATION_ERROR', 'name is required'],
      [{ rule_type: undefined }, 'VALIDATION_ERROR', 'rule_type is required'],
      [{ rule_type: 'MAGIC' }, 'INVALID_RULE_TYPE', 'invalid rule_type'],
      [{ severity: 'EXTREME' }, 'INVALID_SEVERITY', 'invalid severity'],
      [{ weight: 1.5 }, 'INVALID_WEIGHT', 'weight must be between 0 and 1'],
      [{ weight: -0.1 }, 'INVALID_WEIGHT', 'weight must be between 0 and 1'],
      [{ weight: 'heavy' }, 'INVALID_WEIGHT', 'weight must be between 0 and 1'],
      [{ signal_category: 'BURGLARY' }, 'INVALID_SIGNAL_CATEGORY', 'invalid signal_category'],
      [{ parameters: { min_amount: -1 } }, 'VALIDATION_ERROR', 'parameters.min_amount must be at least 0'],
      [{ parameters: { amount_limit: 5 } }, 'VALIDATION_ERROR', 'parameters.amount_limit is not allowed'],
      [
        { parameters: { channels: ['FAX'] } },
        'VALIDATION_ERROR',
        expect.stringMatching(/^parameters\.channels\[0\] must be one of CARD/),
      ],
    ])('refuses %j with %s', async (overrides, code, message) => {
      const tenant = await createTenant(t);
      const body = Object.fromEntries(
        Object.entries(validRule(overrides)).filter(([, v]) => (v as unknown) !== undefined),
      );
      const res = await create(tenant, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code, message });
    });

    test('PATCH bumps the version on a change, not on a no-op, and refuses a new rule_type', async () => {
      const tenant = await createTenant(t);
      const rule = (await create(tenant, validRule())).json();
      const patch = (body: unknown) =>
        call(t.app, tenant, { method: 'PATCH', url: `/v1/rules/${rule.id}`, body });
      const changed = await patch({ weight: 0.6, enabled: false });
      expect(changed.json()).toMatchObject({ weight: 0.6, enabled: false, version: 2 });
      expect((await patch({ weight: 0.6 })).json().version).toBe(2);
      expect((await patch({ parameters: { min_amount: 20_000 } })).json()).toMatchObject({
        version: 3,
        parameters: { min_amount: 20_000, window_hours: 24 },
      });
      expect((await patch({ rule_type: 'VELOCITY' })).json()).toMatchObject({
        status: 400,
        message: 'rule_type is not allowed',
      });
      expect((await patch({ severity: 'SEVERE' })).json()).toMatchObject({ code: 'INVALID_SEVERITY' });
      const audit = (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${rule.id}` })).json();
      expect(audit.data.map((e: { action: string }) => e.action)).toEqual([
        'rule.updated',
        'rule.updated',
        'rule.created',
      ]);
    });

    test('DELETE removes a rule; RULE_NOT_FOUND afterwards and "invalid rule ID" for a bad ID', async () => {
      const tenant = await createTenant(t);
      const rule = (await create(tenant, validRule())).json();
      expect((await call(t.app, tenant, { method: 'DELETE', url: `/v1/rules/${rule.id}` })).statusCode).toBe(
        204,
      );
      const gone = await call(t.app, tenant, { url: `/v1/rules/${rule.id}` });
      expect(gone.json()).toMatchObject({ status: 404, code: 'RULE_NOT_FOUND', message: 'rule not found' });
      const bad = await call(t.app, tenant, { url: '/v1/rules/abc' });
      expect(bad.json()).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message: 'invalid rule ID' });
    });

    test('filters by rule_type, and a bad rule_type filter answers INVALID_RULE_TYPE', async () => {
      const tenant = await createTenant(t);
      const velocity = (await call(t.app, tenant, { url: '/v1/rules?rule_type=VELOCITY' })).json();
      expect(velocity.data.length).toBeGreaterThan(0);
      expect(velocity.data.every((r: { rule_type: string }) => r.rule_type === 'VELOCITY')).toBe(true);
      const bad = await call(t.app, tenant, { url: '/v1/rules?rule_type=NOPE' });
      expect(bad.json()).toMatchObject({
        status: 400,
        code: 'INVALID_RULE_TYPE',
        message: 'invalid rule_type',
      });
    });

    const makeRule = async (app: TestApp, owner: TestTenant) =>
      (await call(app.app, owner, { method: 'POST', url: '/v1/rules', body: validRule() })).json<{
        id: string;
      }>().id;
    describe('PATCH /rules/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'PATCH',
        path: (id) => `/rules/${id}`,
        scope: 'rules:write',
        body: { weight: 0.9 },
        setup: makeRule,
        read: (id) => `/rules/${id}`,
      });
    });
    describe('GET /rules security', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/rules', scope: 'rules:read' });
    });
  });
}
