import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const VIGIL = join(import.meta.dirname, '../../bin/vigil.js');

export async function freePort(): Promise<number> {
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

export interface VigilProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited (at once if it already has). */
  exited(): Promise<void>;
}

/** Spawns `vigil <args>` as its own process; `ready` polls until it is up (or the process dies). */
export async function startVigil(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: (p: VigilProcess) => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<VigilProcess> {
  const child = spawn(process.execPath, [VIGIL, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const done = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const proc: VigilProcess = {
    child,
    output: () => output,
    exited: () => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : done),
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await ready(proc).catch(() => false)) return proc;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`vigil ${args.join(' ')} did not start:\n${output}`);
}

/** `vigil serve` on `port`, up once /healthz answers. */
export function startServe(env: NodeJS.ProcessEnv & { PORT: string }): Promise<VigilProcess> {
  return startVigil(['serve'], env, async () => (await fetch(`http://127.0.0.1:${env.PORT}/healthz`)).ok);
}

/** `vigil worker`, up once it prints its ready line. */
export function startWorker(env: NodeJS.ProcessEnv, concurrency = 2): Promise<VigilProcess> {
  return startVigil(['worker', '--concurrency', String(concurrency)], env, (p) =>
    Promise.resolve(/vigil worker \d+ ready/.test(p.output())),
  );
}

/** SIGKILL: no shutdown hook runs, as when the machine or the OOM killer stops the process. */
export async function killHard(p: VigilProcess): Promise<void> {
  p.child.kill('SIGKILL');
  await p.exited();
}

export async function stopGracefully(p: VigilProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  await p.exited();
}
