import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, test } from 'vitest';
import { createDb, type Db } from '../../src/store/create-db.js';
import { DIALECTS, TEST_POSTGRES_URL } from '../helpers/dialects.js';
import {
  freePort,
  killHard,
  startServe,
  startWorker,
  stopGracefully,
  VIGIL,
  type VigilProcess,
} from '../helpers/processes.js';

/**
 * Faults (issue 12, standing defences): real `vigil serve` (and `vigil worker`) processes killed
 * with SIGKILL in the middle of bulk ingests and of a batch run, then restarted. Every acknowledged
 * item must be stored exactly once, re-sent requests with their Idempotency-Key must replay, and no
 * batch run may stay RUNNING.
 */
const run = promisify(execFile);
const PROFILES = 12;
const REQUESTS = 36;
const ITEMS_PER_REQUEST = 40;

interface Tenant {
  tenantId: string;
  key: string;
}

interface Sent {
  profileId: string;
  key: string;
  body: { transactions: { external_id: string }[] };
  scoring: boolean;
  acked?: { status: number; body: string };
}

function api(port: number, tenant: Tenant) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${port}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tenant.key}`,
        'x-tenant-id': tenant.tenantId,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
}

async function createProfiles(port: number, tenant: Tenant, tag: string): Promise<string[]> {
  const call = api(port, tenant);
  const ids: string[] = [];
  for (let i = 0; i < PROFILES; i += 1) {
    const res = await call('POST', '/profiles', {
      customer_id: `FAULT-${tag}-${i}`,
      customer_name: `Fault Customer ${i}`,
      date_of_birth: '1940-05-05',
      enrollment_reason: 'AGE_THRESHOLD',
    });
    expect(res.status).toBe(201);
    ids.push(((await res.json()) as { id: string }).id);
  }
  return ids;
}

/** Bulk ingests, each with its own Idempotency-Key; items dated in the last 25 days. */
function bulkRequests(profileIds: string[], tag: string): Sent[] {
  const now = Date.now();
  return Array.from({ length: REQUESTS }, (_, r) => ({
    profileId: profileIds[r % profileIds.length]!,
    key: `fault-${tag}-${r}`,
    scoring: r % 2 === 0,
    body: {
      transactions: Array.from({ length: ITEMS_PER_REQUEST }, (_, i) => ({
        external_id: `F-${tag}-${r}-${i}`,
        occurred_at: new Date(now - (25 * 86_400_000 * (i + 1)) / (ITEMS_PER_REQUEST + 1)).toISOString(),
        amount: 20 + ((r * 31 + i * 17) % 900),
        direction: i % 5 === 0 ? 'CREDIT' : 'DEBIT',
        channel: i % 3 === 0 ? 'P2P' : 'CARD',
        counterparty_id: `CP-${i % 7}`,
      })),
    },
  }));
}

function send(port: number, tenant: Tenant, s: Sent) {
  return api(port, tenant)(
    'POST',
    `/profiles/${s.profileId}/transactions${s.scoring ? '' : '?scoring=false'}`,
    s.body,
    { 'idempotency-key': s.key },
  );
}

/**
 * Sends the requests four at a time and SIGKILLs the server once `killAfter` are acknowledged, with
 * others in flight. Returns how many were acknowledged before the kill.
 */
async function ingestAndKill(
  server: VigilProcess,
  port: number,
  tenant: Tenant,
  sent: Sent[],
  killAfter: number,
) {
  let next = 0;
  let acked = 0;
  const state: { killed?: Promise<void> } = {};
  const lane = async () => {
    while (next < sent.length && !state.killed) {
      const s = sent[next++]!;
      try {
        const res = await send(port, tenant, s);
        const body = await res.text();
        if (res.status === 201) {
          s.acked = { status: res.status, body };
          acked += 1;
        }
      } catch {
        // The connection died with the server: not acknowledged.
      }
      if (acked >= killAfter) state.killed ??= killHard(server);
    }
  };
  await Promise.all([lane(), lane(), lane(), lane()]);
  await (state.killed ?? killHard(server));
  return acked;
}

/** Every acknowledged item is stored once; no external_id of the tenant is stored twice. */
async function checkExactlyOnce(db: Db, tenant: Tenant, sent: Sent[]): Promise<number> {
  const rows = await db.kysely
    .selectFrom('transactions')
    .select(['external_id', sql<string | number>`COUNT(*)`.as('n')])
    .where('tenant_id', '=', tenant.tenantId)
    .groupBy('external_id')
    .execute();
  const counts = new Map(rows.map((r) => [r.external_id, Number(r.n)]));
  expect([...counts.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  const acked = sent.filter((s) => s.acked).flatMap((s) => s.body.transactions.map((t) => t.external_id));
  expect(acked.filter((id) => counts.get(id) !== 1)).toEqual([]);
  return acked.length;
}

/**
 * Re-sends every request with its Idempotency-Key: an acknowledged one replays its first answer; one
 * cut off by the kill runs now (or replays, if it had finished), or answers 409 while the crashed
 * claim waits to be abandoned, and is then sent again under a new key; duplicates are recognised by
 * external_id. Afterwards every item of every request is stored exactly once.
 */
async function resendAll(
  port: number,
  tenant: Tenant,
  sent: Sent[],
): Promise<{ replayed: number; inUse: number }> {
  let replayed = 0;
  let inUse = 0;
  for (const s of sent) {
    const res = await send(port, tenant, s);
    const body = await res.text();
    if (s.acked) {
      expect(res.status, body).toBe(s.acked.status);
      expect(res.headers.get('idempotent-replayed')).toBe('true');
      expect(body).toBe(s.acked.body);
      replayed += 1;
      continue;
    }
    if (res.status === 409) {
      expect((JSON.parse(body) as { code: string }).code).toBe('IDEMPOTENCY_KEY_IN_USE');
      inUse += 1;
      const again = await send(port, tenant, { ...s, key: `${s.key}-retry` });
      expect(again.status).toBe(201);
      continue;
    }
    expect(res.status, body).toBe(201);
  }
  return { replayed, inUse };
}

interface RunJson {
  status: string;
  progress: Record<string, number>;
}

async function waitForRun(
  port: number,
  tenant: Tenant,
  id: string,
  until: (run: RunJson) => boolean,
  timeoutMs: number,
): Promise<RunJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api(port, tenant)('GET', `/batch-runs/${id}`);
    const body = (await res.json()) as RunJson;
    if (until(body)) return body;
    if (Date.now() > deadline) throw new Error(`batch run ${id} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

// Killed once a profile is done and others are not: the run is really in its middle.
const midRun = (r: RunJson) => r.status !== 'QUEUED' && (r.progress.profiles_done ?? 0) >= 1;
const finished = (r: RunJson) => ['COMPLETED', 'FAILED', 'CANCELLED'].includes(r.status);

async function runsStillRunning(db: Db, tenant: Tenant): Promise<number> {
  const rows = await db.kysely
    .selectFrom('batch_runs')
    .select('id')
    .where('tenant_id', '=', tenant.tenantId)
    .where('status', 'in', ['QUEUED', 'RUNNING'])
    .execute();
  return rows.length;
}

const BASE_ENV = {
  LOG_LEVEL: 'warn',
  RATE_LIMIT_PRODUCTION_PER_MINUTE: '1000000',
  BATCH_CHUNK_PROFILES: '1',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
};

describe('sqlite: vigil serve killed with SIGKILL mid-ingest and mid-batch-run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-faults-'));
  const live: VigilProcess[] = [];
  afterAll(async () => {
    await Promise.all(live.map(stopGracefully));
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    'acknowledged items stored once, Idempotency-Key replays, the batch run resumes and completes',
    { timeout: 180_000 },
    async () => {
      const port = await freePort();
      const env = { ...BASE_ENV, DATABASE_URL: `file:${join(dir, 'vigil.db')}`, PORT: String(port) };
      const start = async () => {
        const p = await startServe(env);
        live.push(p);
        return p;
      };
      let server = await start();
      const printed = server.output();
      const tenant: Tenant = {
        tenantId: /tenant ID\s+(\S+)/.exec(printed)![1]!,
        key: /production key\s+(vgl_live_\S+)/.exec(printed)![1]!,
      };
      const profileIds = await createProfiles(port, tenant, 'sqlite');
      const sent = bulkRequests(profileIds, 'sqlite');

      const ackedBeforeKill = await ingestAndKill(server, port, tenant, sent, REQUESTS / 3);
      expect(ackedBeforeKill).toBeGreaterThan(0);
      expect(ackedBeforeKill).toBeLessThan(REQUESTS);
      server = await start();
      const db = createDb(env.DATABASE_URL);
      try {
        const checked = await checkExactlyOnce(db, tenant, sent);
        const { replayed, inUse } = await resendAll(port, tenant, sent);
        for (const s of sent) s.acked ??= { status: 201, body: '' };
        const total = await checkExactlyOnce(db, tenant, sent);
        expect(total).toBe(REQUESTS * ITEMS_PER_REQUEST);

        // A batch run over every profile, killed while RUNNING; the restarted server resumes it.
        const created = await api(port, tenant)('POST', '/batch-runs', { recompute_baselines: true });
        expect(created.status).toBe(202);
        const runId = ((await created.json()) as { id: string }).id;
        const atKill = await waitForRun(port, tenant, runId, midRun, 30_000);
        await killHard(server);
        server = await start();
        const done = await waitForRun(port, tenant, runId, finished, 90_000);
        expect(done.status).toBe('COMPLETED');
        expect(done.progress.profiles_done).toBe(PROFILES);
        expect(await runsStillRunning(db, tenant)).toBe(0);
        console.log(
          `[faults] sqlite: 2 SIGKILLs of vigil serve; ${ackedBeforeKill}/${REQUESTS} bulk requests acknowledged before the kill, ` +
            `${checked} acknowledged items checked stored once, ${replayed} replays, ${inUse} abandoned claims; ` +
            `${total} items after re-send; batch run killed while ${atKill.status} at ${atKill.progress.profiles_done}/${PROFILES} profiles, then COMPLETED`,
        );
      } finally {
        await db.close();
      }
    },
  );
});

if (DIALECTS.includes('postgres')) {
  describe('postgres: vigil serve killed mid-ingest, vigil worker killed mid-batch-run', () => {
    const live: VigilProcess[] = [];
    afterAll(async () => {
      await Promise.all(live.map(stopGracefully));
    });

    test(
      'acknowledged items stored once, replays, the run is finished by another worker',
      { timeout: 180_000 },
      async () => {
        const port = await freePort();
        // Its own job schema, so no other suite's worker takes these jobs; a short job timeout so the
        // dead worker's chunk is retried within the test.
        const env = {
          ...BASE_ENV,
          DATABASE_URL: TEST_POSTGRES_URL,
          PORT: String(port),
          JOBS_SCHEMA: 'pgboss_faults',
          JOB_TIMEOUT_SECONDS: '3',
        };
        const { stdout } = await run(
          process.execPath,
          [VIGIL, 'tenant', 'create', '--name', 'Fault Bank', '--json'],
          {
            env: { ...process.env, ...env },
          },
        );
        const created = JSON.parse(stdout.trim()) as { tenant_id: string; production_key: string };
        const tenant: Tenant = { tenantId: created.tenant_id, key: created.production_key };
        const start = async () => {
          const p = await startServe(env);
          live.push(p);
          return p;
        };
        let server = await start();
        const tag = `pg${Date.now()}`;
        const profileIds = await createProfiles(port, tenant, tag);
        const sent = bulkRequests(profileIds, tag);
        const ackedBeforeKill = await ingestAndKill(server, port, tenant, sent, REQUESTS / 3);
        expect(ackedBeforeKill).toBeLessThan(REQUESTS);
        server = await start();
        const db = createDb(TEST_POSTGRES_URL, { poolSize: 2 });
        try {
          const checked = await checkExactlyOnce(db, tenant, sent);
          const { replayed, inUse } = await resendAll(port, tenant, sent);
          for (const s of sent) s.acked ??= { status: 201, body: '' };
          const total = await checkExactlyOnce(db, tenant, sent);
          expect(total).toBe(REQUESTS * ITEMS_PER_REQUEST);

          const worker = await startWorker(env, 1);
          live.push(worker);
          const res = await api(port, tenant)('POST', '/batch-runs', { recompute_baselines: true });
          expect(res.status).toBe(202);
          const runId = ((await res.json()) as { id: string }).id;
          const atKill = await waitForRun(port, tenant, runId, midRun, 30_000);
          await killHard(worker);
          const second = await startWorker(env, 2);
          live.push(second);
          const done = await waitForRun(port, tenant, runId, finished, 120_000);
          expect(done.status).toBe('COMPLETED');
          expect(done.progress.profiles_done).toBe(PROFILES);
          expect(await runsStillRunning(db, tenant)).toBe(0);
          console.log(
            `[faults] postgres: 1 SIGKILL of vigil serve, 1 of vigil worker; ${ackedBeforeKill}/${REQUESTS} bulk requests acknowledged before the kill, ` +
              `${checked} acknowledged items checked stored once, ${replayed} replays, ${inUse} abandoned claims; ` +
              `${total} items after re-send; batch run killed (worker) while ${atKill.status} at ${atKill.progress.profiles_done}/${PROFILES} profiles, then COMPLETED`,
          );
        } finally {
          await db.close();
        }
      },
    );
  });
}
