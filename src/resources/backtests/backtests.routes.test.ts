import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { batchWorker, waitForRun } from '../../../test/helpers/batch-worker.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const ago = (days: number, hour = 10) => new Date(END - days * DAY + hour * 3_600_000).toISOString();
const WINDOW = { from: ago(10, 0), to: ago(-1, 0) };

/** Six months of groceries and bills, then in the window a wire abroad, a gift-card run and a large cash withdrawal. */
function activity() {
  const items = [];
  for (let w = 1; w <= 26; w++)
    items.push(
      transactionBody({ occurred_at: ago(w * 7), amount: 60 + (w % 7) * 5, counterparty_id: 'GROCER' }),
    );
  for (let m = 1; m <= 6; m++)
    items.push(
      transactionBody({
        occurred_at: ago(m * 30 - 5),
        amount: 140,
        channel: 'BILL_PAY',
        counterparty_id: 'POWER',
      }),
    );
  items.push(
    transactionBody({
      occurred_at: ago(2),
      amount: 9500,
      channel: 'WIRE',
      counterparty_id: 'NEW-FRIEND',
      counterparty_name: 'J. Smith',
      counterparty_country: 'GH',
    }),
    transactionBody({ occurred_at: ago(5), amount: 2500, channel: 'ATM', counterparty_id: 'ATM-1' }),
    transactionBody({ occurred_at: ago(4), amount: 900, channel: 'CARD', counterparty_id: 'GIFT-CARDS' }),
  );
  return items;
}

interface SignalJson {
  id: string;
  status: string;
  signal_category: string;
  severity: string;
  score: number;
  evidence: { rule_id: string; rule_name: string; occurred_at: string }[];
}
interface WouldBe {
  signal_category: string;
  severity: string;
  score: number;
  evidence: { rule_name: string; occurred_at: string }[];
}
interface BacktestJson {
  id: string;
  status: string;
  rules_version: string | null;
  progress: { profiles_total: number; profiles_done: number; errors: number };
  result: {
    current: { signals: number };
    draft: { signals: number };
    added: { total: number; items: WouldBe[] };
    removed: { total: number; items: WouldBe[] };
    changed: { total: number; items: { before: WouldBe; after: WouldBe }[] };
    reviewed: { confirmed: number; dismissed: number };
    precision_recall: {
      current: { precision: number | null; recall: number | null; true_positives: number };
      draft: { precision: number | null; recall: number | null; true_positives: number };
      rules: { rule_id: string; current: unknown; draft: unknown }[];
    };
  } | null;
}
interface RuleJson {
  id: string;
  name: string;
  version: number;
  weight: number;
  enabled: boolean;
  parameters: Record<string, unknown>;
}

/** A signal as content: what makes a would-be signal and a stored one the same (IDs differ by tenant). */
const fingerprint = (s: WouldBe) =>
  JSON.stringify([
    s.signal_category,
    s.severity,
    s.score,
    s.evidence.map((e) => `${e.rule_name}@${e.occurred_at}`).sort(),
  ]);

/** Rows of every table a scoring pass writes, for one tenant. */
async function footprint(t: TestApp, tenantId: string) {
  const count = async (
    table: 'signals' | 'signal_evidence' | 'webhook_events' | 'baselines' | 'batch_runs',
  ) =>
    Number(
      (
        await t.db.kysely
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('tenant_id', '=', tenantId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const audits = await t.db.kysely
    .selectFrom('audit_events')
    .select('action')
    .where('tenant_id', '=', tenantId)
    .where('action', 'not like', 'backtest.%')
    .execute();
  const evaluations = await t.db.kysely
    .selectFrom('transactions')
    .select(['id', 'evaluation'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  const profiles = await t.db.kysely
    .selectFrom('profiles')
    .select(['id', 'risk_score', 'risk_level', 'open_signal_count', 'baseline_status', 'updated_at'])
    .where('tenant_id', '=', tenantId)
    .orderBy('id')
    .execute();
  const baselines = await t.db.kysely
    .selectFrom('baselines')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .execute();
  return {
    signals: await count('signals'),
    evidence: await count('signal_evidence'),
    webhookEvents: await count('webhook_events'),
    baselines: JSON.stringify(baselines),
    batchRuns: await count('batch_runs'),
    audits: audits.length,
    evaluations: JSON.stringify(evaluations),
    profiles: JSON.stringify(profiles),
  };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /backtests and /rules/apply-draft`, () => {
    const worker = batchWorker(dialect);
    const t = useTestApp(dialect, { jobs: worker.jobs });
    beforeAll(() => worker.release(t));
    afterAll(() => worker.close());

    const seeded = async (tenant: TestTenant) => {
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: activity() },
      });
      expect(res.statusCode).toBe(201);
      return profile.id;
    };
    const batchRun = async (tenant: TestTenant) => {
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/batch-runs', body: WINDOW });
      expect(res.statusCode).toBe(202);
      const done = await waitForRun(t, tenant, res.json<{ id: string }>().id);
      expect(done.status).toBe('COMPLETED');
    };
    const signalsOf = async (tenant: TestTenant) =>
      (await call(t.app, tenant, { url: '/v1/signals?limit=100' })).json<{ data: SignalJson[] }>().data;
    const rulesOf = async (tenant: TestTenant) =>
      (await call(t.app, tenant, { url: '/v1/rules?limit=100' })).json<{ data: RuleJson[] }>().data;
    const startBacktest = (tenant: TestTenant, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: '/v1/backtests', body });
    const waitForBacktest = async (tenant: TestTenant, id: string): Promise<BacktestJson> => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const b = (await call(t.app, tenant, { url: `/v1/backtests/${id}` })).json<BacktestJson>();
        if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(b.status)) return b;
        if (Date.now() > deadline) expect.fail(`backtest ${id} is still ${b.status}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    };

    test('a backtest writes nothing, and its draft side equals a real batch run with the draft applied', async () => {
      // Tenant A: scored by a real batch run with the current rules, one signal confirmed by an analyst.
      const a = await createTenant(t, 'Backtested Bank');
      await seeded(a);
      await batchRun(a);
      const real = await signalsOf(a);
      expect(real.length).toBeGreaterThan(0);
      const confirmed = real[0]!;
      const review = await call(t.app, a, {
        method: 'POST',
        url: `/v1/signals/${confirmed.id}/review`,
        body: { status: 'CONFIRMED', reason: 'SAR_FILED' },
      });
      expect(review.statusCode).toBe(200);

      // The draft: the rule that fired first weighs more, every other rule that fired is disabled, a lower threshold.
      const rules = await rulesOf(a);
      const fired = [...new Set(real.flatMap((s) => s.evidence.map((e) => e.rule_id)))];
      const byName = new Map(rules.map((r) => [r.id, r.name]));
      const draftByName = (ids: Map<string, string>) => ({
        rules: fired.map((id, i) =>
          i === 0
            ? { rule_id: ids.get(byName.get(id)!)!, weight: 0.99 }
            : { rule_id: ids.get(byName.get(id)!)!, enabled: false },
        ),
        signal_threshold: 0.2,
      });
      const before = await footprint(t, a.tenantId);
      const created = await startBacktest(a, {
        draft: draftByName(new Map(rules.map((r) => [r.name, r.id]))),
        ...WINDOW,
      });
      expect(created.statusCode).toBe(202);
      expect(created.json()).toMatchObject({ status: 'QUEUED', result: null });
      const done = await waitForBacktest(a, created.json<BacktestJson>().id);
      expect(done).toMatchObject({
        status: 'COMPLETED',
        progress: { profiles_total: 1, profiles_done: 1, errors: 0 },
      });
      // Nothing but the backtest's own row (and its audit event) was written.
      expect(await footprint(t, a.tenantId)).toEqual(before);

      const result = done.result!;
      expect(result.current.signals).toBe(real.length);
      expect(result.reviewed).toEqual({ confirmed: 1, dismissed: 0 });
      expect(result.precision_recall.current).toMatchObject({ precision: 1, recall: 1, true_positives: 1 });
      expect(result.added.total + result.removed.total + result.changed.total).toBeGreaterThan(0);

      // What the draft would raise: the current signals, less the removed and changed, plus the added and changed.
      const expected = real.map(fingerprint);
      const drop = (s: WouldBe) => {
        const at = expected.indexOf(fingerprint(s));
        expect(at).not.toBe(-1);
        expected.splice(at, 1);
      };
      result.removed.items.forEach(drop);
      result.changed.items.forEach((c) => {
        drop(c.before);
      });
      expected.push(
        ...result.added.items.map(fingerprint),
        ...result.changed.items.map((c) => fingerprint(c.after)),
      );
      expect(expected.length).toBe(result.draft.signals);

      // Tenant B: the same activity, the draft applied for real, then a real batch run.
      const b = await createTenant(t, 'Applied Bank');
      await seeded(b);
      const bRules = await rulesOf(b);
      const applied = await call(t.app, b, {
        method: 'POST',
        url: '/v1/rules/apply-draft',
        body: { draft: draftByName(new Map(bRules.map((r) => [r.name, r.id]))) },
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json<{ rules: RuleJson[] }>().rules).toHaveLength(fired.length);
      await batchRun(b);
      expect((await signalsOf(b)).map(fingerprint).sort()).toEqual(expected.sort());
    });

    test('a draft with bad parameters is 400 naming the parameter, an unknown rule 404, and nothing is stored', async () => {
      const tenant = await createTenant(t);
      const rule = (await rulesOf(tenant)).find((r) => Object.keys(r.parameters).length > 0)!;
      const name = Object.keys(rule.parameters)[0]!;
      const bad = await startBacktest(tenant, {
        draft: { rules: [{ rule_id: rule.id, parameters: { ...rule.parameters, [name]: 'lots' } }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      expect(JSON.stringify(bad.json())).toContain(`draft.rules[0].parameters.${name}`);
      const unknown = await startBacktest(tenant, {
        draft: { rules: [{ rule_id: '01890000-0000-7000-8000-000000000000', enabled: false }] },
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({
        code: 'RULE_NOT_FOUND',
        message: 'rule not found: draft.rules[0].rule_id',
      });
      const noDraft = await startBacktest(tenant, {});
      expect(noDraft.statusCode).toBe(400);
      const list = await call(t.app, tenant, { url: '/v1/backtests' });
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);

      const applyBad = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/rules/apply-draft',
        body: {
          draft: {
            rules: [
              { rule_id: rule.id, weight: 0.01 },
              { rule_id: rule.id, parameters: { [name]: 'lots' } },
            ],
          },
        },
      });
      expect(applyBad.statusCode).toBe(400);
      const after = (await rulesOf(tenant)).find((r) => r.id === rule.id)!;
      expect(after).toMatchObject({ version: rule.version, weight: rule.weight });
      const neither = await call(t.app, tenant, { method: 'POST', url: '/v1/rules/apply-draft', body: {} });
      expect(neither.statusCode).toBe(400);
    });

    test('sandbox and production keep their own backtests; a repeated Idempotency-Key makes one backtest', async () => {
      const tenant = await createTenant(t);
      const headers = { 'idempotency-key': `backtest-${tenant.tenantId}` };
      const body = { draft: { rules: [], signal_threshold: 0.4 } };
      const first = await call(t.app, tenant, { method: 'POST', url: '/v1/backtests', body, headers });
      const second = await call(t.app, tenant, { method: 'POST', url: '/v1/backtests', body, headers });
      expect(first.statusCode).toBe(202);
      expect(second.statusCode).toBe(202);
      expect(second.json<BacktestJson>().id).toBe(first.json<BacktestJson>().id);
      const reused = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/backtests',
        body: { draft: { rules: [], signal_threshold: 0.5 } },
        headers,
      });
      expect(reused.statusCode).toBe(422);
      const id = first.json<BacktestJson>().id;
      expect((await call(t.app, tenant, { url: `/sandbox/v1/backtests/${id}` })).statusCode).toBe(404);
      const sandboxList = await call(t.app, tenant, { url: '/sandbox/v1/backtests' });
      expect(sandboxList.json<{ data: unknown[] }>().data).toEqual([]);
      const production = await call(t.app, tenant, { url: '/v1/backtests' });
      expect(production.json<{ data: { id: string }[] }>().data.map((b) => b.id)).toEqual([id]);
      const sandboxApply = await call(t.app, tenant, {
        method: 'POST',
        url: '/sandbox/v1/rules/apply-draft',
        body: { backtest_id: id },
      });
      expect(sandboxApply.statusCode).toBe(404);
      expect(sandboxApply.json()).toMatchObject({ code: 'NOT_FOUND', message: 'backtest not found' });
      expect((await call(t.app, tenant, { url: '/v1/backtests/not-a-uuid' })).statusCode).toBe(400);
    });

    test('apply-draft of a backtest: versions and audit, 409 once rules changed, 404 for another tenant', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const [first, second] = await rulesOf(tenant);
      const draft = { rules: [{ rule_id: first!.id, weight: 0.42 }], signal_threshold: 0.61 };
      const made = (await startBacktest(tenant, { draft })).json<BacktestJson>();
      await waitForBacktest(tenant, made.id);
      expect((await call(t.app, other, { url: `/v1/backtests/${made.id}` })).statusCode).toBe(404);
      const foreign = await call(t.app, other, {
        method: 'POST',
        url: '/v1/rules/apply-draft',
        body: { backtest_id: made.id },
      });
      expect(foreign.statusCode).toBe(404);
      expect(
        (await call(t.app, tenant, { method: 'POST', url: `/v1/backtests/${made.id}/cancel` })).statusCode,
      ).toBe(409);

      const applied = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/rules/apply-draft',
        body: { backtest_id: made.id },
      });
      expect(applied.statusCode).toBe(200);
      expect(applied.json()).toMatchObject({
        rules: [{ id: first!.id, weight: 0.42, version: first!.version + 1 }],
        signal_threshold: 0.61,
      });
      const settings = await call(t.app, tenant, { url: '/v1/settings' });
      expect(settings.json()).toMatchObject({ signal_threshold: 0.61 });
      const audit = await t.db.kysely
        .selectFrom('audit_events')
        .select('action')
        .where('tenant_id', '=', tenant.tenantId)
        .where('action', 'in', ['rule.updated', 'settings.updated', 'rules.draft_applied'])
        .execute();
      expect(audit.map((e) => e.action).sort()).toEqual([
        'rule.updated',
        'rules.draft_applied',
        'settings.updated',
      ]);
      // The rules have changed since (by this very apply): the same backtest cannot be applied again.
      const again = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/rules/apply-draft',
        body: { backtest_id: made.id },
      });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'INVALID_STATE' });
      expect((await rulesOf(tenant)).find((r) => r.id === second!.id)?.version).toBe(second!.version);
    });
  });
}
