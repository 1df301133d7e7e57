import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningServer {
  baseUrl: string;
  tenantId: string;
  productionKey: string;
  sandboxKey: string;
  adminEmail: string;
  adminPassword: string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

function field(output: string, name: string): string {
  const match = new RegExp(`^ +${name} +(\\S+)`, 'm').exec(output);
  if (!match?.[1]) throw new Error(`vigil serve did not print "${name}":\n${output}`);
  return match[1];
}

/** `vigil serve` on a fresh SQLite file and a free port, as `npm start` runs it; its first-start output read back. */
export async function startServer(): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-console-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/vigil.js'), 'serve'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      VIGIL_SOURCE: '1',
      DATABASE_URL: `file:${join(dir, 'vigil.db')}`,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`vigil serve exited:\n${output}`);
    try {
      if ((await fetch(`${baseUrl}/readyz`)).ok && output.includes('one-time')) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`vigil serve did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    tenantId: field(output, 'tenant ID'),
    productionKey: field(output, 'production key'),
    sandboxKey: field(output, 'sandbox key'),
    adminEmail: field(output, 'email'),
    adminPassword: field(output, 'one-time password'),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        // exitCode changes while we wait; TypeScript cannot see that.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
