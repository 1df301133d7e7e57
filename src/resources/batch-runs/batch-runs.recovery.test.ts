import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { waitForRun, type BatchRunJson } from '../../../test/helpers/batch-worker.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, type TestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createDb } from '../../store/create-db.js';
import { migrateToLatest } from '../../store/migrations/index.js';

const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const ago = (days: number) => new Date(END - days * DAY + 10 * 3_600_000).toISOString();
const WINDOW = { from: ago(10), to: ago(-1) };

function history() {
  const items = [];
  for (let d = 3; d <= 200; d += 6)
    items.push(
      transactionBody({ occurred_at: ago(d), amount: 50 + (d % 5) * 10, counterparty_id: 'GROCER' }),
    );
  items.push(
    transactionBody({
      occurred_at: ago(2),
      amount: 9500,
      channel: 'WIRE',
      counterparty_id: 'NEW-FRIEND',
      counterparty_country: 'GH',
    }),
  );
  return items;
}

// The embedded server runs batch runs in its own process, so a crash or a stop can leave a run
// QUEUED or RUNNING: the next start resumes it (chunks record their progress) instead of failing it.
describe.runIf(DIALECTS.includes('sqlite'))('sqlite: batch runs after a restart', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-batch-restart-'));
  const databaseUrl = `file:${join(dir, 'vigil.db')}`;
  const config = loadConfig({ DATABASE_URL: databaseUrl, BATCH_CHUNK_PROFILES: '1' });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(): Promise<TestApp & { close(): Promise<void> }> {
    const db = createDb(databaseUrl);
    await migrateToLatest(db.kysely);
    const app = await buildApp({ config, db, logger: false });
    return {
      app,
      db,
      dialect: 'sqlite',
      close: async () => {
        await app.close();
        await db.close();
      },
    };
  }

  const evidenceCount = async (t: TestApp, tenant: TestTenant) =>
    (
      await t.db.kysely
        .selectFrom('signal_evidence')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenant.tenantId)
        .executeTakeFirstOrThrow()
    ).n;

  test('resumes a run left RUNNING and plans one left QUEUED, without raising anything twice', async () => {
    const first = await open();
    const tenant = await createTenant(first);
    for (let i = 0; i < 3; i++) {
      const profile = await createProfile(first.app, tenant);
      const res = await call(first.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: history() },
      });
      expect(res.statusCode).toBe(201);
    }
    const start = async () =>
      (
        await call(first.app, tenant, { method: 'POST', url: '/v1/batch-runs', body: WINDOW })
      ).json<BatchRunJson>();
    const running = await waitForRun(first, tenant, (await start()).id);
    const queued = await waitForRun(first, tenant, (await start()).id);
    expect(running.progress).toMatchObject({ profiles_done: 3, signals_created: 3 });
    const evidence = await evidenceCount(first, tenant);
    await first.close();

    // The crash, written straight into the database: one run stopped after its first chunk, with
    // the second chunk half-way (its first profile done), the other run never planned; no jobs left.
    const db = createDb(databaseUrl);
    const k = db.kysely;
    await k
      .updateTable('batch_runs')
      .set({ status: 'RUNNING', chunks_done: 1, finished_at: null })
      .where('id', '=', running.id)
      .execute();
    await k
      .updateTable('batch_run_chunks')
      .set({ status: 'PENDING', position: 0, transactions_scored: 0, signals_created: 0 })
      .where('batch_run_id', '=', running.id)
      .where('chunk_no', '>', 0)
      .execute();
    await k
      .updateTable('batch_runs')
      .set({
        status: 'QUEUED',
        chunks_total: 0,
        chunks_done: 0,
        profiles_total: 0,
        started_at: null,
        finished_at: null,
      })
      .where('id', '=', queued.id)
      .execute();
    await k.deleteFrom('batch_run_chunks').where('batch_run_id', '=', queued.id).execute();
    await k.deleteFrom('local_jobs').execute();
    await db.close();

    const second = await open();
    try {
      const resumed = await waitForRun(second, tenant, running.id);
      expect(resumed).toMatchObject({
        status: 'COMPLETED',
        progress: { profiles_total: 3, profiles_done: 3, errors: 0 },
      });
      const planned = await waitForRun(second, tenant, queued.id);
      expect(planned).toMatchObject({
        status: 'COMPLETED',
        progress: { profiles_total: 3, profiles_done: 3, signals_created: 0 },
      });
      expect(await evidenceCount(second, tenant)).toBe(evidence);
      const stuck = await second.db.kysely
        .selectFrom('batch_runs')
        .select('id')
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        .execute();
      expect(stuck).toEqual([]);
    } finally {
      await second.close();
    }
  });

  test('a server stopped in the middle of a run finishes it after the next start', async () => {
    const first = await open();
    const tenant = await createTenant(first);
    for (let i = 0; i < 6; i++) {
      const profile = await createProfile(first.app, tenant);
      await call(first.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: history() },
      });
    }
    const res = await call(first.app, tenant, { method: 'POST', url: '/v1/batch-runs', body: WINDOW });
    const id = res.json<BatchRunJson>().id;
    await waitForRun(first, tenant, id, ['RUNNING', 'COMPLETED']);
    await first.close();

    const second = await open();
    try {
      const done = await waitForRun(second, tenant, id);
      expect(done).toMatchObject({
        status: 'COMPLETED',
        progress: { profiles_total: 6, profiles_done: 6, signals_created: 6, errors: 0 },
      });
    } finally {
      await second.close();
    }
  });
});
