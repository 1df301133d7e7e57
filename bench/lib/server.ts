import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildMessage, ParentMessage } from './server-main.js';

export interface ServerHandle {
  url: string;
  pid: number;
  /**
   * Runs `work`; when the server was started with a cpuProfDir, the server process's CPU profile of
   * just that work is written there as NAME.cpuprofile (summarise with bench/profile-summary.ts).
   */
  profile<T>(name: string, work: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

export interface ServerOptions {
  mode: 'app' | 'bare';
  /** Environment of the child on top of this process's (app mode: DATABASE_URL, rate limits, LOG_LEVEL). */
  env?: Record<string, string>;
  /** Bare mode: the JSON answered for each profile ID. */
  payloads?: Record<string, unknown>;
  /** When set, profile() writes the server's CPU profile of each benchmark phase here. */
  cpuProfDir?: string;
}

const MAIN = fileURLToPath(new URL('./server-main.ts', import.meta.url));

/** Starts the server in a child process (node --import tsx) and resolves once it listens on 127.0.0.1. */
export async function startServer(options: ServerOptions): Promise<ServerHandle> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env, BENCH_SERVER_MODE: options.mode },
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => {
      reject(new Error(`bench server exited with code ${String(code)}`));
    });
    child.on('message', (m: ChildMessage) => {
      if (m.type === 'listening') resolve(m.port);
    });
    if (options.mode === 'bare')
      child.send({ type: 'payloads', payloads: options.payloads ?? {} } satisfies ParentMessage);
  });
  const ask = (message: ParentMessage) =>
    new Promise<void>((resolve) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== 'profiled') return;
        child.off('message', onMessage);
        resolve();
      };
      child.on('message', onMessage);
      child.send(message);
    });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    async profile(name, work) {
      const dir = options.cpuProfDir;
      if (dir === undefined) return work();
      mkdirSync(dir, { recursive: true });
      await ask({ type: 'profile-start' });
      try {
        return await work();
      } finally {
        await ask({ type: 'profile-stop', path: join(dir, `${name}.cpuprofile`) });
      }
    },
    async stop() {
      if (child.exitCode === null) child.send({ type: 'stop' } satisfies ParentMessage);
      const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timeout);
    },
  };
}
