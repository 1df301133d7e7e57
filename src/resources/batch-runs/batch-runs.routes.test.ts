import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import {
  batchWorker,
  waitForJobsDrained,
  waitForRun,
  type BatchRunJson,
} from '../../../test/helpers/batch-worker.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';

const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const ago = (days: number, hour = 10) => new Date(END - days * DAY + hour * 3_600_000).toISOString();
const WINDOW = { from: ago(10, 0), to: ago(-1, 0) };
const inWindow = (body: Record<string, unknown>) =>
  String(body.occurred_at) >= WINDOW.from && String(body.occurred_at) < WINDOW.to;

/** Six months of ordinary life: weekly groceries, a monthly bill and a monthly benefit credit. */
function ordinaryHistory(options: { benefitUntilDays?: number } = {}) {
  const items = [];
  for (let w = 1; w <= 26; w++)
    items.push(
      transactionBody({
        occurred_at: ago(w * 7),
        amount: 60 + (w % 7) * 5,
        counterparty_id: 'GROCER',
        counterparty_country: 'US',
      }),
    );
  for (let m = 1; m <= 6; m++) {
    const benefitDays = m * 30 + (options.benefitUntilDays ?? 0);
    items.push(
      transactionBody({
        occurred_at: ago(benefitDays, 6),
        amount: 1850,
        direction: 'CREDIT',
        channel: 'ACH',
        counterparty_id: 'SSA',
        counterparty_name: 'Social Security',
      }),
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

const wireAbroad = () =>
  transactionBody({
    occurred_at: ago(2),
    amount: 9500,
    channel: 'WIRE',
    counterparty_id: 'NEW-FRIEND',
    counterparty_name: 'J. Smith',
    counterparty_country: 'GH',
  });

interface SignalJson {
  id: string;
  batch_run_id: string | null;
  evidence: { rule_id: string; rule_name: string; transaction_ids: string[]; occurred_at: string }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /batch-runs`, () => {
    const worker = batchWorker(dialect);
    const t = useTestApp(dialect, { jobs: worker.jobs });
    beforeAll(() => worker.release(t));
    afterAll(() => worker.close());

    const ingest = async (tenant: TestTenant, profileId: string, items: unknown[], scoring = false) => {
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/transactions${scoring ? '' : '?scoring=false'}`,
        body: { transactions: items },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ transactions: { id: string }[] }>();
    };
    const start = async (tenant: TestTenant, body: object = WINDOW) => {
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/batch-runs', body });
      expect(res.statusCode).toBe(202);
      return res.json<BatchRunJson>();
    };
    const signalsOf = async (tenant: TestTenant, profileId: string) =>
      (await call(t.app, tenant, { url: `/v1/signals?profile_id=${profileId}` })).json<{
        data: SignalJson[];
      }>().data;

    test('runs QUEUED → RUNNING → COMPLETED over backfilled history and raises signals carrying batch_run_id', async () => {
      const tenant = await createTenant(t);
      const victim = await createProfile(t.app, tenant);
      const calm = await createProfile(t.app, tenant);
      const suspended = await createProfile(t.app, tenant);
      const victimItems = [...ordinaryHistory(), wireAbroad()];
      const calmItems = ordinaryHistory();
      const stored = await ingest(tenant, victim.id, victimItems);
      await ingest(tenant, calm.id, calmItems);
      await ingest(tenant, suspended.id, [...ordinaryHistory(), wireAbroad()]);
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${suspended.id}`,
        body: { status: 'SUSPENDED' },
      });

      const queued = await start(tenant);
      expect(queued).toMatchObject({
        status: 'QUEUED',
        request: { profile_ids: null, ...WINDOW, recompute_baselines: true, rule_ids: null },
        progress: { profiles_total: 0, profiles_done: 0, transactions_scored: 0, signals_created: 0 },
        started_at: null,
        finished_at: null,
      });
      const done = await waitForRun(t, tenant, queued.id);
      expect(done).toMatchObject({
        status: 'COMPLETED',
        failure_reason: null,
        progress: {
          profiles_total: 2,
          profiles_done: 2,
          transactions_scored: [...victimItems, ...calmItems].filter(inWindow).length,
          signals_created: 1,
          signals_updated: 0,
          errors: 0,
        },
      });
      expect(Date.parse(done.started_at ?? '')).toBeLessThanOrEqual(Date.parse(done.finished_at ?? ''));

      const [signal, ...others] = await signalsOf(tenant, victim.id);
      expect(others).toEqual([]);
      const wireId = stored.transactions[stored.transactions.length - 1]!.id;
      expect(signal).toMatchObject({ batch_run_id: queued.id });
      expect(signal!.evidence.map((e) => e.rule_name)).toContain('International wire to new country');
      expect(await signalsOf(tenant, calm.id)).toEqual([]);
      expect(await signalsOf(tenant, suspended.id)).toEqual([]);
      const wire = await call(t.app, tenant, { url: `/v1/profiles/${victim.id}/transactions/${wireId}` });
      expect(wire.json()).toMatchObject({ evaluation: { signal_id: signal!.id } });
      const baseline = await call(t.app, tenant, { url: `/v1/profiles/${victim.id}/baseline` });
      expect(baseline.json()).toMatchObject({ status: 'READY', as_of: WINDOW.from });

      const audit = await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${queued.id}` });
      expect(
        audit
          .json<{ data: { action: string }[] }>()
          .data.map((e) => e.action)
          .reverse(),
      ).toEqual(['batch_run.created', 'batch_run.started', 'batch_run.completed']);
      const listed = await call(t.app, tenant, { url: '/v1/batch-runs?status=COMPLETED&limit=1' });
      expect(listed.json()).toMatchObject({ data: [{ id: queued.id }], has_more: false, next_cursor: null });
    });

    test('adds no evidence twice: a second run, or one over data scored in real time, raises nothing new', async () => {
      const tenant = await createTenant(t);
      const live = await createProfile(t.app, tenant);
      await ingest(tenant, live.id, ordinaryHistory());
      await ingest(tenant, live.id, [wireAbroad()], true);
      const before = await signalsOf(tenant, live.id);
      expect(before).toHaveLength(1);
      expect(before[0]!.batch_run_id).toBeNull();

      const first = await waitForRun(t, tenant, (await start(tenant)).id);
      expect(first.progress).toMatchObject({ profiles_done: 1, signals_created: 0, errors: 0 });
      const second = await waitForRun(t, tenant, (await start(tenant)).id);
      expect(second.progress).toMatchObject({ signals_created: 0, signals_updated: 0, errors: 0 });

      const after = await signalsOf(tenant, live.id);
      expect(after.map((s) => s.id)).toEqual(before.map((s) => s.id));
      const keys = after.flatMap((s) => s.evidence.map((e) => `${e.rule_id}|${e.occurred_at}`));
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(
        expect.arrayContaining(before[0]!.evidence.map((e) => `${e.rule_id}|${e.occurred_at}`)),
      );
    });

    test('evaluates batch-only rules once per profile as of `to`: a stopped benefit is raised once', async () => {
      const tenant = await createTenant(t);
      // The benefit stopped two months ago; groceries and bills go on.
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, ordinaryHistory({ benefitUntilDays: 30 }));
      const first = await waitForRun(t, tenant, (await start(tenant)).id);
      expect(first.progress).toMatchObject({ signals_created: 1, errors: 0 });
      const [signal] = await signalsOf(tenant, profile.id);
      expect(signal!.evidence.map((e) => e.rule_name)).toContain('Benefit missing or redirected');
      expect(signal!.batch_run_id).toBe(first.id);

      const again = await waitForRun(t, tenant, (await start(tenant)).id);
      expect(again.progress).toMatchObject({ signals_created: 0, signals_updated: 0 });
      expect(await signalsOf(tenant, profile.id)).toHaveLength(1);
    });

    test('scores only the profiles and rules named, with the rules as they were when the run was created', async () => {
      const tenant = await createTenant(t);
      const named = await createProfile(t.app, tenant);
      const other = await createProfile(t.app, tenant);
      await ingest(tenant, named.id, [...ordinaryHistory(), wireAbroad()]);
      await ingest(tenant, other.id, [...ordinaryHistory(), wireAbroad()]);
      const rules = (await call(t.app, tenant, { url: '/v1/rules?limit=200' })).json<{
        data: { id: string; name: string }[];
      }>().data;
      const wireRule = rules.find((r) => r.name === 'International wire to new country')!;
      const queued = await start(tenant, {
        ...WINDOW,
        profile_ids: [named.id, named.id],
        rule_ids: [wireRule.id],
      });
      expect(queued.request).toMatchObject({ profile_ids: [named.id], rule_ids: [wireRule.id] });
      expect(queued.progress.profiles_total).toBe(1);
      const done = await waitForRun(t, tenant, queued.id);
      expect(done.progress).toMatchObject({ profiles_total: 1, profiles_done: 1, signals_created: 1 });
      const [signal] = await signalsOf(tenant, named.id);
      expect(signal!.evidence.map((e) => e.rule_name)).toEqual(['International wire to new country']);
      expect(await signalsOf(tenant, other.id)).toEqual([]);
    });

    test('cancels a QUEUED run, whose planning then changes nothing', async () => {
      const tenant = await createTenant(t);
      await ingest(tenant, (await createProfile(t.app, tenant)).id, ordinaryHistory());
      await worker.hold();
      try {
        const queued = await start(tenant);
        const res = await call(t.app, tenant, { method: 'POST', url: `/v1/batch-runs/${queued.id}/cancel` });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({ id: queued.id, status: 'CANCELLED', started_at: null });
        expect(res.json<BatchRunJson>().finished_at).not.toBeNull();
        await worker.release(t);
        await waitForJobsDrained(t, queued.id);
        expect(await waitForRun(t, tenant, queued.id)).toMatchObject({
          status: 'CANCELLED',
          started_at: null,
        });
        const again = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/batch-runs/${queued.id}/cancel`,
        });
        expect(again.statusCode).toBe(409);
        expect(again.json()).toMatchObject({
          error: 'Conflict',
          code: 'INVALID_STATE',
          message: 'batch run is already CANCELLED',
        });
      } finally {
        await worker.release(t);
      }
    });

    test('cancels a RUNNING run: its chunks stop before scoring another profile', async () => {
      const tenant = await createTenant(t);
      await ingest(tenant, (await createProfile(t.app, tenant)).id, [...ordinaryHistory(), wireAbroad()]);
      await worker.hold();
      try {
        const queued = await start(tenant);
        await worker.runner(t).plan(queued.id);
        expect(await waitForRun(t, tenant, queued.id, ['RUNNING'])).toMatchObject({
          progress: { profiles_total: 1, profiles_done: 0 },
        });
        const res = await call(t.app, tenant, { method: 'POST', url: `/v1/batch-runs/${queued.id}/cancel` });
        expect(res.json()).toMatchObject({ status: 'CANCELLED' });
        await worker.release(t);
        await waitForJobsDrained(t, queued.id);
        expect(await waitForRun(t, tenant, queued.id)).toMatchObject({
          status: 'CANCELLED',
          progress: { profiles_done: 0, signals_created: 0 },
        });
        const audit = await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${queued.id}` });
        expect(audit.json<{ data: { action: string }[] }>().data[0]).toMatchObject({
          action: 'batch_run.cancelled',
        });
      } finally {
        await worker.release(t);
      }
    });

    test('answers 409 INVALID_STATE when cancelling a COMPLETED or FAILED run', async () => {
      const tenant = await createTenant(t);
      const completed = await waitForRun(t, tenant, (await start(tenant)).id);
      const res = await call(t.app, tenant, { method: 'POST', url: `/v1/batch-runs/${completed.id}/cancel` });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'INVALID_STATE', message: 'batch run is already COMPLETED' });

      await worker.hold();
      try {
        const queued = await start(tenant);
        await worker.runner(t).fail(queued.id, 'chunk 0 failed after 4 attempts: database unreachable');
        const failed = await waitForRun(t, tenant, queued.id);
        expect(failed).toMatchObject({
          status: 'FAILED',
          failure_reason: 'chunk 0 failed after 4 attempts: database unreachable',
        });
        const refused = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/batch-runs/${queued.id}/cancel`,
        });
        expect(refused.json()).toMatchObject({
          status: 409,
          code: 'INVALID_STATE',
          message: 'batch run is already FAILED',
        });
      } finally {
        await worker.release(t);
      }
    });

    test('records batch_run.completed for subscribed webhooks in the run that finishes', async () => {
      const tenant = await createTenant(t);
      const hook = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/webhooks',
        body: { url: 'https://hooks.example.com/vigil', events: ['batch_run.completed', 'batch_run.failed'] },
      });
      expect(hook.statusCode).toBe(201);
      const run = await waitForRun(t, tenant, (await start(tenant)).id);
      const deliveries = await call(t.app, tenant, { url: `/v1/webhooks/${hook.json().id}/deliveries` });
      expect(deliveries.json<{ data: { event_type: string }[] }>().data.map((d) => d.event_type)).toEqual([
        'batch_run.completed',
      ]);
      expect(run.status).toBe('COMPLETED');
    });

    test('answers the contract errors of /batch-runs', async () => {
      const tenant = await createTenant(t);
      const expectError = async (
        request: { method?: 'GET' | 'POST'; url: string; body?: unknown },
        status: number,
        code: string,
        message: string,
      ) => {
        const res = await call(t.app, tenant, request);
        expect(res.statusCode).toBe(status);
        expect(res.json()).toMatchObject({ status, code, message });
      };
      await expectError(
        { url: '/v1/batch-runs/not-a-uuid' },
        400,
        'VALIDATION_ERROR',
        'invalid batch run ID',
      );
      const unknown = '01890000-0000-7000-8000-000000000000';
      await expectError(
        { url: `/v1/batch-runs/${unknown}` },
        404,
        'BATCH_RUN_NOT_FOUND',
        'batch run not found',
      );
      await expectError(
        { method: 'POST', url: `/v1/batch-runs/${unknown}/cancel` },
        404,
        'BATCH_RUN_NOT_FOUND',
        'batch run not found',
      );
      const post = (body: unknown) => ({ method: 'POST' as const, url: '/v1/batch-runs', body });
      await expectError(
        post({ from: WINDOW.to, to: WINDOW.from }),
        400,
        'VALIDATION_ERROR',
        'from must be before to',
      );
      await expectError(
        post({ from: 'yesterday' }),
        400,
        'VALIDATION_ERROR',
        'from must be an RFC 3339 timestamp',
      );
      await expectError(post({ limit: 3 }), 400, 'VALIDATION_ERROR', 'limit is not allowed');
      await expectError(
        post({ profile_ids: Array.from({ length: 10_001 }, () => unknown) }),
        400,
        'VALIDATION_ERROR',
        'profile_ids must have at most 10000 items',
      );
      await expectError(
        post({ profile_ids: [unknown] }),
        404,
        'PROFILE_NOT_FOUND',
        'profile not found: profile_ids[0]',
      );
      await expectError(post({ rule_ids: [unknown] }), 404, 'RULE_NOT_FOUND', 'rule not found: rule_ids[0]');
    });
  });
}
