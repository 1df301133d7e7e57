import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { DIALECTS, TEST_POSTGRES_URL } from '../helpers/dialects.js';
import { freePort, startServe, stopGracefully, VIGIL, type VigilProcess } from '../helpers/processes.js';

const run = promisify(execFile);

describe('sqlite: npm start on an empty embedded database', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-e2e-'));
  const children: VigilProcess[] = [];
  afterAll(async () => {
    await Promise.all(children.map(stopGracefully));
    rmSync(dir, { recursive: true, force: true });
  });

  // Three process starts and a CLI run: 30 s was too little on a loaded 2-core machine (it timed
  // out in a full `npm test` while the fault and soak suites ran their own servers).
  test(
    'prints a demo tenant whose printed curl creates a profile over a real socket',
    { timeout: 90_000 },
    async () => {
      const port = await freePort();
      const env = { DATABASE_URL: `file:${join(dir, 'vigil.db')}`, PORT: String(port), LOG_LEVEL: 'warn' };
      const server = await startServe(env);
      children.push(server);
      const printed = server.output();
      const tenantId = /tenant ID\s+(\S+)/.exec(printed)?.[1];
      const sandboxKey = /sandbox key\s+(vgl_test_\S+)/.exec(printed)?.[1];
      expect(tenantId).toMatch(/^[0-9a-f-]{36}$/);
      expect(printed).toMatch(/production key\s+vgl_live_\S+/);
      const curlBody = /-d '(\{.*\})'/.exec(printed)?.[1];
      expect(curlBody).toBeDefined();

      const res = await fetch(`http://127.0.0.1:${port}/sandbox/v1/profiles`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sandboxKey}`,
          'x-tenant-id': tenantId!,
          'content-type': 'application/json',
        },
        body: curlBody,
      });
      expect(res.status).toBe(201);
      expect(res.headers.get('x-request-id')).toMatch(/^req_/);
      expect(res.headers.get('x-ratelimit-limit')).toBe('600');
      expect(((await res.json()) as { customer_name: string }).customer_name).toBe('Margaret Hill');

      // A tenant made by the CLI while the server runs is usable at once.
      const { stdout } = await run(
        process.execPath,
        [VIGIL, 'tenant', 'create', '--name', 'First Community Bank', '--json'],
        {
          env: { ...process.env, ...env },
        },
      );
      const created = JSON.parse(stdout.trim()) as {
        tenant_id: string;
        production_key: string;
        sandbox_key: string;
      };
      expect(Object.keys(created)).toEqual(['tenant_id', 'production_key', 'sandbox_key']);
      const list = await fetch(`http://127.0.0.1:${port}/v1/profiles`, {
        headers: { authorization: `Bearer ${created.production_key}`, 'x-tenant-id': created.tenant_id },
      });
      expect(list.status).toBe(200);
      expect(await list.json()).toEqual({ data: [], has_more: false, next_cursor: null });

      // A restart on the same database does not bootstrap again.
      await stopGracefully(server);
      const again = await startServe(env);
      children.push(again);
      expect(again.output()).not.toContain('demo tenant');
    },
  );
});

if (DIALECTS.includes('postgres')) {
  describe('postgres: vigil serve and vigil tenant create', () => {
    const children: VigilProcess[] = [];
    afterAll(async () => {
      await Promise.all(children.map(stopGracefully));
    });

    test('serves a tenant created by the CLI while it runs', async () => {
      const port = await freePort();
      const env = { DATABASE_URL: TEST_POSTGRES_URL, PORT: String(port), LOG_LEVEL: 'warn' };
      const server = await startServe(env);
      children.push(server);
      expect(server.output()).not.toContain('demo tenant');
      const { stdout } = await run(
        process.execPath,
        [VIGIL, 'tenant', 'create', '--name', 'PG Bank', '--json'],
        { env: { ...process.env, ...env } },
      );
      const created = JSON.parse(stdout.trim()) as { tenant_id: string; production_key: string };
      const res = await fetch(`http://127.0.0.1:${port}/v1/profiles`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${created.production_key}`,
          'x-tenant-id': created.tenant_id,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          customer_id: 'PG-1',
          customer_name: 'Walter Ng',
          date_of_birth: '1938-12-01',
          enrollment_reason: 'STAFF_REFERRAL',
        }),
      });
      expect(res.status).toBe(201);
    });
  });
}

describe('vigil --help', () => {
  test('prints every command without loading the app (commands are imported when they run)', async () => {
    // A resolve hook in front of the CLI lists every module of dist/ that gets loaded.
    const hook = `data:text/javascript,${encodeURIComponent(
      "import { register } from 'node:module';" +
        "register('data:text/javascript,' + encodeURIComponent(" +
        "'export async function resolve(s, c, next) { const r = await next(s, c);" +
        " if (r.url.includes(\\'/dist/\\')) console.error(\\'loaded \\' + r.url); return r; }'));",
    )}`;
    const { stdout, stderr } = await run(process.execPath, ['--import', hook, VIGIL, '--help']);
    expect(stdout).toContain('serve [--worker-concurrency N]');
    expect(stdout).toContain('worker [--concurrency N]');
    const loaded = stderr.split('\n').filter((line) => line.startsWith('loaded '));
    expect(loaded.some((line) => line.endsWith('/dist/src/cli/main.js'))).toBe(true);
    expect(loaded.filter((line) => !/\/dist\/src\/cli\/(main|usage)\.js$/.test(line))).toEqual([]);
  });
});

describe('vigil tenant create', () => {
  test('refuses a missing --name with usage and exit code 2', async () => {
    const failure = await run(process.execPath, [VIGIL, 'tenant', 'create'], {
      env: { ...process.env, DATABASE_URL: 'file::memory:' },
    }).catch((error: unknown) => error as { code: number; stderr: string });
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('tenant create needs --name');
  });
});
