import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { DIALECTS, TEST_POSTGRES_URL } from '../helpers/dialects.js';

const run = promisify(execFile);
const VIGIL = join(import.meta.dirname, '../../bin/vigil.js');
// Each test starts a server and two or three CLI processes (tsx compiles at each start): on a loaded
// machine that alone can take most of the default 30 s.
const PROCESS_TEST_TIMEOUT_MS = 180_000;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });
}

async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(process.execPath, [VIGIL, 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const up = await fetch(`http://127.0.0.1:${env.PORT ?? ''}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${errors}`);
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => {
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function vigil(args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, [VIGIL, ...args], { env: { ...process.env, ...env } });
}

/** Signs in over a real socket with what the CLI printed, chooses a password, and reads the API with the cookie. */
async function signInWithPrintedPassword(port: number, tenantId: string, email: string, password: string) {
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, tenant_id: tenantId, environment: 'sandbox' }),
  });
  expect(login.status).toBe(200);
  const cookies = login.headers.getSetCookie();
  expect(cookies.find((c) => c.startsWith('vigil_session='))).toMatch(/HttpOnly/);
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  const body = (await login.json()) as {
    csrf_token: string;
    user: { role: string; password_change_required: boolean };
  };
  expect(body.user).toMatchObject({ role: 'admin', password_change_required: true });
  const changed = await fetch(`${base}/auth/password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': body.csrf_token },
    body: JSON.stringify({ current_password: password, new_password: 'the admin chose this one' }),
  });
  expect(changed.status).toBe(204);
  const users = await fetch(`${base}/sandbox/v1/users`, { headers: { cookie } });
  expect(users.status).toBe(200);
  expect(((await users.json()) as { data: { email: string }[] }).data.map((u) => u.email)).toEqual([email]);
}

describe('sqlite: vigil user create against a running server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-user-e2e-'));
  const children: ChildProcess[] = [];
  afterAll(async () => {
    await Promise.all(children.map(stop));
    rmSync(dir, { recursive: true, force: true });
  });

  test(
    'prints a one-time password the new admin signs in with over HTTP',
    async () => {
      const port = await freePort();
      const env = { DATABASE_URL: `file:${join(dir, 'vigil.db')}`, PORT: String(port), LOG_LEVEL: 'warn' };
      children.push(await startServer(env));
      const tenant = JSON.parse(
        (await vigil(['tenant', 'create', '--name', 'CLI Bank', '--json'], env)).stdout,
      ) as {
        tenant_id: string;
      };
      const { stdout } = await vigil(
        [
          'user',
          'create',
          '--tenant',
          tenant.tenant_id,
          '--email',
          'Ops.Admin@Bank.Example',
          '--role',
          'admin',
        ],
        env,
      );
      expect(stdout).toMatch(/^user ID\s+[0-9a-f-]{36}$/m);
      expect(stdout).toMatch(/^email\s+ops\.admin@bank\.example$/m);
      const password = /^one-time password\s+(\S+)$/m.exec(stdout)?.[1];
      expect(password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
      await signInWithPrintedPassword(port, tenant.tenant_id, 'ops.admin@bank.example', password!);

      const again = vigil(
        [
          'user',
          'create',
          '--tenant',
          tenant.tenant_id,
          '--email',
          'ops.admin@bank.example',
          '--role',
          'analyst',
        ],
        env,
      );
      await expect(again).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining(
          'a user with email ops.admin@bank.example already exists in this tenant',
        ),
      });
    },
    PROCESS_TEST_TIMEOUT_MS,
  );

  test.each([
    [
      ['--tenant', '01890000-0000-7000-8000-000000000001', '--email', 'a@bank.example', '--role', 'root'],
      2,
      'user create needs --role analyst|supervisor|admin',
    ],
    [
      ['--tenant', 'acme', '--email', 'a@bank.example', '--role', 'admin'],
      2,
      'user create needs --tenant <tenant UUID>',
    ],
    [
      ['--tenant', '01890000-0000-7000-8000-000000000001', '--email', 'nope', '--role', 'admin'],
      2,
      'user create needs --email <email address>',
    ],
    [
      ['--tenant', '01890000-0000-7000-8000-000000000001', '--email', 'a@bank.example', '--role', 'admin'],
      1,
      'tenant 01890000-0000-7000-8000-000000000001 not found',
    ],
  ])(
    'refuses %j (exit %i)',
    async (args, code, message) => {
      const env = { DATABASE_URL: `file:${join(dir, 'refusals.db')}` };
      await expect(vigil(['user', 'create', ...args], env)).rejects.toMatchObject({
        code,
        stderr: expect.stringContaining(message),
      });
    },
    PROCESS_TEST_TIMEOUT_MS,
  );
});

if (DIALECTS.includes('postgres')) {
  describe('postgres: vigil user create --json against a running server', () => {
    const children: ChildProcess[] = [];
    afterAll(async () => {
      await Promise.all(children.map(stop));
    });

    test(
      'prints the user as JSON; the password signs in',
      async () => {
        const port = await freePort();
        const env = { DATABASE_URL: TEST_POSTGRES_URL, PORT: String(port), LOG_LEVEL: 'warn' };
        children.push(await startServer(env));
        const tenant = JSON.parse(
          (await vigil(['tenant', 'create', '--name', 'PG CLI Bank', '--json'], env)).stdout,
        ) as {
          tenant_id: string;
        };
        const email = `admin-${process.pid}@bank.example`;
        const { stdout } = await vigil(
          [
            'user',
            'create',
            '--tenant',
            tenant.tenant_id,
            '--email',
            email,
            '--role',
            'admin',
            '--name',
            'Ops',
            '--json',
          ],
          env,
        );
        const created = JSON.parse(stdout) as Record<string, string>;
        expect(Object.keys(created)).toEqual([
          'id',
          'tenant_id',
          'email',
          'name',
          'role',
          'one_time_password',
        ]);
        expect(created).toMatchObject({ tenant_id: tenant.tenant_id, email, name: 'Ops', role: 'admin' });
        await signInWithPrintedPassword(port, tenant.tenant_id, email, created.one_time_password!);
      },
      PROCESS_TEST_TIMEOUT_MS,
    );
  });
}
