import { afterAll, describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS, TEST_POSTGRES_URL } from '../../../test/helpers/dialects.js';
import { batchWorker, type BatchRunJson } from '../../../test/helpers/batch-worker.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import type { TenantContext } from '../../api/context.js';
import { createServices } from '../../services.js';
import { systemClock } from '../../lib/clock.js';
import { createEvaluationWriter } from '../../ingest/evaluations.js';
import { createBatchRunner } from '../../resources/batch-runs/batch-runs.runner.js';
import { createBatchRunsStore } from '../../resources/batch-runs/batch-runs.store.js';
import { LocalQueue } from '../../jobs/local.js';
import { createJobQueue } from '../../jobs/create-queue.js';
import { loadConfig } from '../../config.js';
import { BATCH_RUN_TASKS } from '../../resources/batch-runs/batch-runs.jobs.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { loadHistory, toEngineRules } from '../profile.js';
import { inProcessScorer, scoreBatchProfile, type BatchScoringDeps } from '../batch.js';
import { createBatchHistoryReader } from '../batch-history.js';
import { createScoringPool, ScoringThreadError, type ScoringPool } from './pool.js';

const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const ago = (days: number) => new Date(END - days * DAY + 10 * 3_600_000).toISOString();
const WINDOW = { from: ago(30), to: ago(-1) };

/** Routine history with, for most profiles, a large first wire to a new foreign payee in the window. */
function history(variant: number) {
  const items = [];
  for (let d = 3 + variant; d <= 200; d += 5 + variant)
    items.push(
      transactionBody({ occurred_at: ago(d), amount: 40 + (d % 7) * 10, counterparty_id: 'GROCER' }),
    );
  if (variant !== 2)
    items.push(
      transactionBody({
        occurred_at: ago(2 + variant),
        amount: 9500 + variant * 700,
        channel: 'WIRE',
        counterparty_id: `NEW-FRIEND-${variant}`,
        counterparty_country: 'GH',
      }),
    );
  if (variant === 3)
    for (let k = 0; k < 6; k++)
      items.push(transactionBody({ occurred_at: ago(5 - k / 3), amount: 480, channel: 'ATM' }));
  return items;
}

async function seedTenant(t: TestApp): Promise<TestTenant> {
  const tenant = await createTenant(t);
  for (let variant = 0; variant < 4; variant++) {
    const profile = await createProfile(t.app, tenant);
    const res = await call(t.app, tenant, {
      method: 'POST',
      url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
      body: { transactions: history(variant) },
    });
    expect(res.statusCode).toBe(201);
  }
  return tenant;
}

class RolledBack extends Error {
  constructor(readonly dump: string) {
    super('rolled back');
  }
}

/**
 * Everything batch scoring wrote for the tenant as one canonical text: rows sorted, the random
 * IDs of audit and webhook rows left out, signal IDs (random per run) replaced by their rank.
 */
async function dump(trx: Executor, tenantId: string): Promise<string> {
  const rows = async (
    table: 'signals' | 'signal_evidence' | 'baselines' | 'profiles' | 'audit_events' | 'webhook_events',
  ) =>
    (await trx.selectFrom(table).selectAll().where('tenant_id', '=', tenantId).execute()) as Record<
      string,
      unknown
    >[];
  const evaluations = async (table: 'transactions' | 'account_events') =>
    trx
      .selectFrom(table)
      .select(['id', 'evaluation'])
      .where('tenant_id', '=', tenantId)
      .orderBy('id')
      .execute();
  const signals = await rows('signals');
  const withoutId = (row: Record<string, unknown>) => JSON.stringify({ ...row, id: undefined });
  const ranked = signals
    .map((s) => ({ id: String(s.id), key: withoutId(s) }))
    .sort((a, b) => a.key.localeCompare(b.key));
  const sorted = (list: Record<string, unknown>[]) => list.map((r) => JSON.stringify(r)).sort();
  let text = JSON.stringify({
    signals: sorted(signals),
    evidence: sorted(await rows('signal_evidence')),
    baselines: sorted(await rows('baselines')),
    // baseline_version is a fresh ID per baseline write (a cache version, not a result).
    profiles: sorted(
      (await rows('profiles')).map((r) => ({ ...r, baseline_version: r.baseline_version ? 'set' : null })),
    ),
    audit: sorted((await rows('audit_events')).map((r) => ({ ...r, id: undefined }))),
    webhooks: sorted((await rows('webhook_events')).map((r) => ({ ...r, id: undefined }))),
    transactions: await evaluations('transactions'),
    events: await evaluations('account_events'),
  });
  ranked.forEach((s, rank) => {
    text = text.replaceAll(s.id, `signal-${rank}`);
  });
  return text;
}

describe.each(DIALECTS)('%s: batch scoring on worker threads', (dialect) => {
  // Jobs held: only this file's runner works the runs it plans.
  const worker = batchWorker(dialect, { held: true });
  const t = useTestApp(dialect, { jobs: worker.jobs });
  const pool = createScoringPool({ size: 2 });
  afterAll(async () => {
    await pool.close();
    await worker.close();
  });

  /** Batch scoring's dependencies as the app wires them; `storeReads` reads history through the stores instead. */
  function scoringDeps(options: { storeReads?: boolean } = {}) {
    const { stores } = createServices(t.db, systemClock);
    const deps: BatchScoringDeps = {
      ...stores,
      events: stores.accountEvents,
      writeEvaluations: createEvaluationWriter(t.db),
      ...(options.storeReads
        ? {}
        : {
            readHistory: createBatchHistoryReader(t.db, {
              transactions: stores.transactions,
              events: stores.accountEvents,
            }),
          }),
    };
    return { deps, stores };
  }

  async function contextOf(tenant: TestTenant): Promise<TenantContext> {
    const { environment } = await t.db.kysely
      .selectFrom('profiles')
      .select('environment')
      .where('tenant_id', '=', tenant.tenantId)
      .executeTakeFirstOrThrow();
    return {
      tenantId: tenant.tenantId,
      environment: environment as TenantContext['environment'],
      actor: { apiKeyId: null, userId: null, name: 'test' },
      requestId: 'r',
    };
  }

  /** Scores every profile of the tenant as a batch run does, dumps what it wrote, and rolls it all back. */
  async function scoreAndDump(
    tenant: TestTenant,
    threads: ScoringPool | undefined,
    options: { storeReads?: boolean } = {},
  ): Promise<string> {
    const { deps, stores } = scoringDeps(options);
    const ctx = await contextOf(tenant);
    try {
      await withTransaction(t.db.kysely, async (trx) => {
        const settings = await stores.settings.load(trx, ctx.tenantId, ctx.environment, END);
        const rules = (await stores.rules.list(trx, ctx.tenantId, ctx.environment)).filter((r) => r.enabled);
        const scorer = threads
          ? threads.scorer({ rules, settings })
          : inProcessScorer({ rules: toEngineRules(rules), settings });
        const profiles = await trx
          .selectFrom('profiles')
          .select('id')
          .where('tenant_id', '=', ctx.tenantId)
          .orderBy('id')
          .execute();
        for (const { id } of profiles)
          await scoreBatchProfile(trx, ctx, deps, {
            profileId: id,
            request: {
              profileIds: null,
              ruleIds: null,
              fromMs: Date.parse(WINDOW.from),
              toMs: Date.parse(WINDOW.to),
              recomputeBaselines: true,
            },
            nowMs: END,
            batchRunId: 'run-1',
            settings,
            scorer,
          });
        throw new RolledBack(await dump(trx, ctx.tenantId));
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.dump;
      throw error;
    }
    throw new Error('unreachable: the transaction always rolls back');
  }

  test('batch scoring on threads and in process give byte-identical signals', async () => {
    const tenant = await seedTenant(t);
    const inProcess = await scoreAndDump(tenant, undefined);
    const onThreads = await scoreAndDump(tenant, pool);
    expect(pool.running).toBeGreaterThan(0);
    expect(onThreads).toBe(inProcess);
    // The raw-row history reads of batch-history.ts decide exactly as the stores' reads do.
    expect(await scoreAndDump(tenant, undefined, { storeReads: true })).toBe(inProcess);
    // Not vacuous: the run raised signals, wrote evaluations and recomputed baselines.
    const written = JSON.parse(inProcess) as {
      signals: string[];
      baselines: string[];
      transactions: { evaluation: string | null }[];
    };
    expect(written.signals.length).toBeGreaterThanOrEqual(2);
    expect(written.baselines).toHaveLength(4);
    expect(written.transactions.filter((x) => x.evaluation !== null).length).toBeGreaterThan(4);
  });

  test('batch history reads give the items the stores read: every field, in order, only the range asked', async () => {
    const tenant = await createTenant(t);
    const profile = await createProfile(t.app, tenant);
    const transactions = [
      ...history(3),
      transactionBody({
        occurred_at: ago(4),
        amount: 120.25,
        direction: 'CREDIT',
        counterparty_id: 'PENSION',
        counterparty_name: 'State pension',
        counterparty_type: 'BUSINESS',
        country: 'US',
        device_id: 'd1',
        balance_after: 2500.5,
        merchant_category_code: '5411',
        metadata: { branch: 'main', tags: ['a', 'b'] },
      }),
      // Outside the range read below: never returned.
      transactionBody({ occurred_at: ago(300), amount: 1 }),
    ];
    const events = [
      eventBody({ occurred_at: ago(6), event_type: 'POA_ADDED', party_id: 'P-77', party_name: 'Dan Hill' }),
      eventBody({
        occurred_at: ago(3),
        event_type: 'LOGIN',
        device_id: 'd9',
        country: 'GH',
        details: { ip: 'x' },
      }),
    ];
    for (const [kind, body] of [
      ['transactions', { transactions }],
      ['events', { events }],
    ] as const) {
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/${kind}?scoring=false`,
        body,
      });
      expect(res.statusCode).toBe(201);
    }
    const { deps } = scoringDeps();
    const ctx = await contextOf(tenant);
    const range = { fromMs: END - 250 * DAY, toMs: END - 3 * DAY };
    await withTransaction(t.db.kysely, async (trx) => {
      const raw = await deps.readHistory!(trx, ctx, profile.id, range);
      const stored = await loadHistory(trx, ctx, deps, profile.id, range);
      expect(JSON.stringify(raw)).toBe(JSON.stringify(stored));
      // Not vacuous: both kinds, JSON columns and the range's edges.
      expect(raw.transactions.length).toBeGreaterThan(20);
      expect(raw.events.map((e) => e.eventType)).toEqual(['POA_ADDED']);
      expect(
        raw.transactions.some(
          (x) => x.metadata !== null && x.counterpartyType === 'BUSINESS' && x.balanceAfterMinor !== null,
        ),
      ).toBe(true);
      expect(
        raw.transactions.every((x) => x.occurredAtMs >= range.fromMs && x.occurredAtMs < range.toMs),
      ).toBe(true);
    });
  });

  test('a scoring thread that dies fails its chunk visibly; the retry resumes and counts nothing twice', async () => {
    const tenant = await seedTenant(t);
    const crashed = new SharedArrayBuffer(4);
    const crashing = createScoringPool({
      size: 1,
      workerUrl: new URL('../../../test/helpers/crash-once-scoring-worker.ts', import.meta.url),
      workerData: crashed,
    });
    const config = loadConfig({ DATABASE_URL: TEST_POSTGRES_URL });
    const queue =
      dialect === 'sqlite'
        ? new LocalQueue(t.db.kysely, { clock: systemClock })
        : createJobQueue(t.db, config, { clock: systemClock, taskNames: BATCH_RUN_TASKS });
    const { deps } = scoringDeps();
    const runner = createBatchRunner({
      db: t.db.kysely,
      store: createBatchRunsStore(t.db.kysely, t.db.dialect),
      scoring: deps,
      queue,
      clock: systemClock,
      pool: crashing,
    });
    try {
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/batch-runs', body: WINDOW });
      expect(res.statusCode).toBe(202);
      const runId = res.json<BatchRunJson>().id;
      await runner.plan(runId);
      const stop = new AbortController();
      await expect(runner.runChunk(runId, 0, stop.signal)).rejects.toThrow(ScoringThreadError);
      const cut = await t.db.kysely
        .selectFrom('batch_run_chunks')
        .select(['position', 'status'])
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', 0)
        .executeTakeFirstOrThrow();
      expect(cut).toEqual({ position: 0, status: 'PENDING' });

      await runner.runChunk(runId, 0, stop.signal);
      const done = await call(t.app, tenant, { method: 'GET', url: `/v1/batch-runs/${runId}` });
      const run = done.json<BatchRunJson>();
      expect(run.status).toBe('COMPLETED');
      expect(run.progress).toMatchObject({ profiles_total: 4, profiles_done: 4, errors: 0 });
      const signals = await t.db.kysely
        .selectFrom('signals')
        .select('id')
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      expect(run.progress.signals_created).toBe(signals.length);
      expect(signals.length).toBeGreaterThanOrEqual(2);
    } finally {
      await crashing.close();
      await queue.stop();
    }
  });

  test('a profile that throws is skipped alone: the rest of its group is scored, the error counted once', async () => {
    const tenant = await seedTenant(t);
    const config = loadConfig({ DATABASE_URL: TEST_POSTGRES_URL });
    const queue =
      dialect === 'sqlite'
        ? new LocalQueue(t.db.kysely, { clock: systemClock })
        : createJobQueue(t.db, config, { clock: systemClock, taskNames: BATCH_RUN_TASKS });
    const profileIds = (
      await t.db.kysely
        .selectFrom('profiles')
        .select('id')
        .where('tenant_id', '=', tenant.tenantId)
        .orderBy('id')
        .execute()
    ).map((p) => p.id);
    // The third: the runner scores the first alone, then (when that was quick) the next two in one group.
    const broken = profileIds[2]!;
    const { deps } = scoringDeps();
    const readHistory = deps.readHistory!;
    const runner = createBatchRunner({
      db: t.db.kysely,
      store: createBatchRunsStore(t.db.kysely, t.db.dialect),
      scoring: {
        ...deps,
        readHistory: (trx, ctx, profileId, range) =>
          profileId === broken
            ? Promise.reject(new Error('unreadable history'))
            : readHistory(trx, ctx, profileId, range),
      },
      queue,
      clock: systemClock,
    });
    try {
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/batch-runs', body: WINDOW });
      expect(res.statusCode).toBe(202);
      const runId = res.json<BatchRunJson>().id;
      await runner.plan(runId);
      await runner.runChunk(runId, 0, new AbortController().signal);
      const done = await call(t.app, tenant, { method: 'GET', url: `/v1/batch-runs/${runId}` });
      const run = done.json<BatchRunJson>();
      expect(run.status).toBe('COMPLETED');
      expect(run.progress).toMatchObject({ profiles_total: 4, profiles_done: 4, errors: 1 });
      const chunk = await t.db.kysely
        .selectFrom('batch_run_chunks')
        .select(['position', 'last_error'])
        .where('batch_run_id', '=', runId)
        .executeTakeFirstOrThrow();
      expect(chunk).toEqual({ position: 4, last_error: `profile ${broken}: unreadable history` });
      // Every other profile's window was scored; the broken one's was left as it was.
      const scored = await t.db.kysely
        .selectFrom('transactions')
        .select('profile_id')
        .distinct()
        .where('tenant_id', '=', tenant.tenantId)
        .where('evaluation', 'is not', null)
        .execute();
      expect(scored.map((r) => r.profile_id).sort()).toEqual(profileIds.filter((id) => id !== broken));
    } finally {
      await queue.stop();
    }
  });

  test('closing the pool stops its threads; work sent after fails instead of hanging', async () => {
    const closing = createScoringPool({ size: 2 });
    const tenant = await seedTenant(t);
    expect(await scoreAndDump(tenant, closing)).toContain('signal-0');
    expect(closing.running).toBeGreaterThan(0);
    await closing.close();
    expect(closing.running).toBe(0);
    await expect(scoreAndDump(tenant, closing)).rejects.toThrow(ScoringThreadError);
  });
});
