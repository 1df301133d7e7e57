import { spawn, type ChildProcess } from 'node:child_process';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../helpers/activity.js';
import { waitForRun, type BatchRunJson } from '../helpers/batch-worker.js';
import { DIALECTS, TEST_POSTGRES_URL } from '../helpers/dialects.js';
import { call, createTenant, useTestApp, type TestApp, type TestTenant } from '../helpers/test-app.js';

const VIGIL = join(import.meta.dirname, '../../bin/vigil.js');
// Its own queue schema keeps these workers away from other suites' jobs; short timeouts let a
// killed worker's job come back within seconds.
const ENV = { JOBS_SCHEMA: 'vigil_jobs_e2e', BATCH_CHUNK_PROFILES: '3', JOB_TIMEOUT_SECONDS: '3' };
const PROFILES = 30;
const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const ago = (days: number) => new Date(END - days * DAY + 10 * 3_600_000).toISOString();
const WINDOW = { from: ago(10), to: ago(-1) };

interface Worker {
  child: ChildProcess;
  /** As chunks record it: host:pid. */
  id: string;
}

const spawned: ChildProcess[] = [];

/** Starts `vigil worker` as its own process and resolves once it says it is ready. */
function startWorker(): Promise<Worker> {
  const child = spawn(process.execPath, [VIGIL, 'worker', '--concurrency', '1'], {
    env: { ...process.env, DATABASE_URL: TEST_POSTGRES_URL, ...ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  spawned.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`worker did not start:\n${output}`));
    }, 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve({ child, id: `${hostname()}:${child.pid ?? 0}` });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${String(code)}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The same population in every tenant: everyday card spending for 200 days, then a large wire abroad. */
async function seed(t: TestApp, tenant: TestTenant): Promise<void> {
  const seedProfile = async (p: number) => {
    const profile = await createProfile(t.app, tenant);
    const items = [];
    for (let d = 3; d <= 200; d += 5)
      items.push(
        transactionBody({ occurred_at: ago(d), amount: 40 + ((d + p) % 7) * 9, counterparty_id: 'GROCER' }),
      );
    items.push(
      transactionBody({
        occurred_at: ago(2),
        amount: 4000 + p * 100,
        channel: 'WIRE',
        counterparty_id: `NEW-${p}`,
        counterparty_country: 'GH',
      }),
    );
    const res = await call(t.app, tenant, {
      method: 'POST',
      url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
      body: { transactions: items },
    });
    expect(res.statusCode).toBe(201);
  };
  for (let p = 0; p < PROFILES; p += 5)
    await Promise.all([0, 1, 2, 3, 4].filter((i) => p + i < PROFILES).map((i) => seedProfile(p + i)));
}

/** A tenant with the population, created while the workers start. */
async function seededTenant(t: TestApp): Promise<TestTenant> {
  const tenant = await createTenant(t);
  await seed(t, tenant);
  return tenant;
}

async function startRun(t: TestApp, tenant: TestTenant): Promise<string> {
  const res = await call(t.app, tenant, { method: 'POST', url: '/v1/batch-runs', body: WINDOW });
  expect(res.statusCode).toBe(202);
  return res.json<BatchRunJson>().id;
}

async function outcome(t: TestApp, tenant: TestTenant, run: BatchRunJson) {
  const count = async (table: 'signals' | 'signal_evidence') =>
    (
      await t.db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenant.tenantId)
        .executeTakeFirstOrThrow()
    ).n;
  return {
    progress: run.progress,
    signals: await count('signals'),
    evidence: await count('signal_evidence'),
  };
}

describe.runIf(DIALECTS.includes('postgres'))('postgres: vigil worker processes', () => {
  const t = useTestApp('postgres', { env: ENV });
  let a: Worker;
  let b: Worker;
  let tenants: { split: TestTenant; clean: TestTenant; crashed: TestTenant };
  beforeAll(async () => {
    const workers = Promise.all([startWorker(), startWorker()]);
    tenants = { split: await seededTenant(t), clean: await seededTenant(t), crashed: await seededTenant(t) };
    [a, b] = await workers;
  }, 40_000);
  afterAll(async () => {
    await Promise.all(spawned.map(stop));
  });

  const workersOf = async (runId: string) =>
    t.db.kysely
      .selectFrom('batch_run_chunks')
      .select(['chunk_no', 'status', 'position', 'worked_by'])
      .where('batch_run_id', '=', runId)
      .execute();

  test('two workers split one run between them and complete it', async () => {
    const tenant = tenants.split;
    const id = await startRun(t, tenant);
    const run = await waitForRun(t, tenant, id, undefined, 30_000);
    expect(run).toMatchObject({
      status: 'COMPLETED',
      progress: { profiles_total: PROFILES, profiles_done: PROFILES, signals_created: PROFILES, errors: 0 },
    });
    const chunks = await workersOf(id);
    expect(chunks).toHaveLength(PROFILES / 3);
    expect(new Set(chunks.map((c) => c.worked_by))).toEqual(new Set([a.id, b.id]));
  }, 60_000);

  test('a worker killed with SIGKILL in the middle of a chunk loses nothing: the run ends as a clean run does', async () => {
    const { clean, crashed } = tenants;
    const reference = await outcome(
      t,
      clean,
      await waitForRun(t, clean, await startRun(t, clean), undefined, 30_000),
    );

    const id = await startRun(t, crashed);
    const deadline = Date.now() + 20_000;
    let interrupted: { chunk_no: number; position: number } | undefined;
    while (!interrupted && Date.now() < deadline) {
      interrupted = (await workersOf(id)).find(
        (c) => c.worked_by === a.id && c.status === 'PENDING' && c.position > 0,
      );
      if (!interrupted) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(interrupted, 'worker A never held a chunk half-done').toBeDefined();
    a.child.kill('SIGKILL');

    const run = await waitForRun(t, crashed, id, undefined, 30_000);
    expect(run.status).toBe('COMPLETED');
    expect(await outcome(t, crashed, run)).toEqual(reference);
    const redone = (await workersOf(id)).find((c) => c.chunk_no === interrupted?.chunk_no);
    expect(redone).toMatchObject({ status: 'DONE', position: 3, worked_by: b.id });
  }, 60_000);
});
