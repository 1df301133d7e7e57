import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { DIALECTS, TEST_POSTGRES_URL } from '../helpers/dialects.js';
import { freePort, startServe, stopGracefully, VIGIL, type VigilProcess } from '../helpers/processes.js';

const run = promisify(execFile);
const DAY = 86_400_000;
const END = Date.parse('2026-10-01T00:00:00Z');
const ago = (days: number) => new Date(END - days * DAY + 10 * 3_600_000).toISOString();

interface Tenant {
  tenant_id: string;
  production_key: string;
}

async function createTenant(env: NodeJS.ProcessEnv): Promise<Tenant> {
  const { stdout } = await run(
    process.execPath,
    [VIGIL, 'tenant', 'create', '--name', 'Runtime Bank', '--json'],
    {
      env: { ...process.env, ...env },
    },
  );
  return JSON.parse(stdout.trim()) as Tenant;
}

function api(port: number, tenant: Tenant) {
  return async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tenant.production_key}`,
        'x-tenant-id': tenant.tenant_id,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}

/** Three profiles with everyday history and a large new wire abroad two days before the end. */
async function seed(call: ReturnType<typeof api>): Promise<void> {
  for (let p = 0; p < 3; p++) {
    const profile = await call('POST', '/profiles', {
      customer_id: `RT-${p}`,
      customer_name: 'Edith Park',
      date_of_birth: '1939-05-01',
      enrollment_reason: 'AGE_THRESHOLD',
    });
    expect(profile.status).toBe(201);
    const items: Record<string, unknown>[] = [];
    for (let d = 3; d <= 150; d += 5)
      items.push({
        external_id: `RT-${p}-${d}`,
        occurred_at: ago(d),
        amount: 40 + ((d + p) % 7) * 9,
        direction: 'DEBIT',
        channel: 'CARD',
        counterparty_id: 'GROCER',
      });
    items.push({
      external_id: `RT-${p}-wire`,
      occurred_at: ago(2),
      amount: 4000 + p * 100,
      direction: 'DEBIT',
      channel: 'WIRE',
      counterparty_id: `NEW-${p}`,
      counterparty_country: 'GH',
    });
    const res = await call('POST', `/profiles/${String(profile.json.id)}/transactions?scoring=false`, {
      transactions: items,
    });
    expect(res.status).toBe(201);
  }
}

async function waitForStatus(call: ReturnType<typeof api>, id: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call('GET', `/batch-runs/${id}`);
    if (['COMPLETED', 'FAILED', 'CANCELLED'].includes(String(res.json.status)) || Date.now() > deadline)
      return res.json;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.runIf(DIALECTS.includes('postgres'))(
  'postgres: one vigil serve process is a whole installation',
  () => {
    const servers: VigilProcess[] = [];
    // A queue schema of its own keeps other suites' workers from working these jobs.
    const env = { DATABASE_URL: TEST_POSTGRES_URL, LOG_LEVEL: 'warn', JOBS_SCHEMA: 'vigil_jobs_serve_e2e' };
    afterAll(async () => {
      await Promise.all(servers.map((s) => stopGracefully(s)));
    });

    test('an API-only server (--worker-concurrency 0) leaves a run QUEUED; a default vigil serve alone completes it', async () => {
      const apiOnlyPort = await freePort();
      const apiOnly = await startServe({ ...env, PORT: String(apiOnlyPort) }, ['--worker-concurrency', '0']);
      servers.push(apiOnly);
      const tenant = await createTenant(env);
      const call = api(apiOnlyPort, tenant);
      await seed(call);
      const started = await call('POST', '/batch-runs', { from: ago(10), to: ago(-1) });
      expect(started.status).toBe(202);
      const id = String(started.json.id);
      expect((await waitForStatus(call, id, 3000)).status).toBe('QUEUED');
      await stopGracefully(apiOnly);

      const port = await freePort();
      const server = await startServe({ ...env, PORT: String(port) });
      servers.push(server);
      const done = await waitForStatus(api(port, tenant), id, 30_000);
      expect(done).toMatchObject({
        status: 'COMPLETED',
        progress: expect.objectContaining({ profiles_total: 3, profiles_done: 3, errors: 0 }) as unknown,
      });
      expect((done.progress as { signals_created: number }).signals_created).toBeGreaterThan(0);
    }, 90_000);
  },
);

describe('graceful shutdown on SIGTERM', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-shutdown-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('stops accepting, answers the request in flight, then exits 0', async () => {
    const port = await freePort();
    const env = { DATABASE_URL: `file:${join(dir, 'vigil.db')}`, PORT: String(port), LOG_LEVEL: 'warn' };
    const server = await startServe(env);
    const printed = server.output();
    const tenantId = /tenant ID\s+(\S+)/.exec(printed)?.[1] ?? '';
    const key = /sandbox key\s+(vgl_test_\S+)/.exec(printed)?.[1] ?? '';
    const body = JSON.stringify({
      customer_id: 'SHUT-1',
      customer_name: 'Ada Moss',
      date_of_birth: '1940-01-01',
      enrollment_reason: 'AGE_THRESHOLD',
    });

    // The request is in flight: its headers and half its body are sent before the signal.
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/sandbox/v1/profiles',
          headers: {
            authorization: `Bearer ${key}`,
            'x-tenant-id': tenantId,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body: text });
          });
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 20));
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => {
          // Closed for new connections while the old request is still open.
          void fetch(`http://127.0.0.1:${port}/healthz`).then(
            () => {
              reject(new Error('a new connection was accepted after SIGTERM'));
            },
            () => {
              req.end(body.slice(20));
            },
          );
        }, 500);
      }, 300);
    });

    const answered = await response;
    expect(answered.status).toBe(201);
    expect(JSON.parse(answered.body)).toMatchObject({ customer_id: 'SHUT-1' });
    expect(await server.exited()).toBe(0);
    expect(server.output()).not.toContain('shutdown timed out');
  }, 60_000);
});
