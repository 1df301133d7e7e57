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
  output: () => string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `vigil serve ARGS` as its own process and resolves once /healthz answers. */
export async function startServer(env: NodeJS.ProcessEnv, args: string[] = []): Promise<VigilProcess> {
  const child = spawn(process.execPath, [VIGIL, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const state = { exited: false };
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      state.exited = true;
      resolve(code);
    });
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !state.exited) {
    const healthy = await fetch(`http://127.0.0.1:${env.PORT ?? ''}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (healthy) return { child, output: () => output, exited };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start:\n${output}`);
}

export function stopProcess(child: ChildProcess): Promise<void> {
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
