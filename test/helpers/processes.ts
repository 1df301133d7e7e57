import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The CLI as operators run it: bin/vigil.js runs the compiled dist/ (global-setup builds it when stale). */
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
  /** Resolves with the exit code once the process has ended (at once if it already has). */
  exited(): Promise<number | null>;
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
  const done = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      resolve(code);
    });
  });
  const proc: VigilProcess = {
    child,
    output: () => output,
    exited: () => done,
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await ready(proc).catch(() => false)) return proc;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`vigil ${args.join(' ')} did not start:\n${output}`);
}

/** `vigil serve ARGS` on env.PORT, up once /healthz answers. */
export function startServe(env: NodeJS.ProcessEnv, args: string[] = []): Promise<VigilProcess> {
  return startVigil(
    ['serve', ...args],
    env,
    async () => (await fetch(`http://127.0.0.1:${env.PORT ?? ''}/healthz`)).ok,
  );
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

/** SIGTERM, then waits for the exit: the process drains as an orchestrator's stop would have it. */
export async function stopGracefully(p: VigilProcess): Promise<void> {
  if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
  await p.exited();
}
