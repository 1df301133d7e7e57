import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Workers {
  pids: number[];
  /** SIGTERM to each (they finish their current profile), then waits for every exit. */
  stop(): Promise<void>;
}

const VIGIL = fileURLToPath(new URL('../../bin/vigil.js', import.meta.url));

/** A worker's 'chunk timed' log line (src/resources/batch-runs/batch-runs.runner.ts ChunkTiming). */
export interface ChunkTimingLine {
  chunkNo: number;
  profiles: number;
  transactions: number;
  wallMs: number;
  cpuMs: number;
  dbMs: number;
  statements: number;
}

/**
 * Passes on the worker's warnings and errors (JSON lines of level 40 and up), not its info lines;
 * hands its chunk timings to `onChunk`.
 */
function forwardWarnings(child: ChildProcess, onChunk?: (timing: ChunkTimingLine) => void): void {
  let pending = '';
  child.stderr?.on('data', (data: Buffer) => {
    const lines = (pending + data.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const level = /^\{"level":(\d+)/.exec(line)?.[1];
      if (level === undefined || Number(level) >= 40) process.stderr.write(`${line}\n`);
      else if (onChunk && line.includes('"chunk timed"'))
        onChunk((JSON.parse(line) as { chunk: ChunkTimingLine }).chunk);
    }
  });
}

function startOne(
  env: Record<string, string>,
  nodeArgs: string[],
  onChunk?: (timing: ChunkTimingLine) => void,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, VIGIL, 'worker'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  forwardWarnings(child, onChunk);
  return new Promise((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => {
      reject(new Error(`vigil worker exited with code ${String(code)} before it was ready: ${out}`));
    };
    child.once('exit', onExit);
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
      if (!out.includes(' ready ')) return;
      child.off('exit', onExit);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve(child);
    });
  });
}

/**
 * `count` `vigil worker` processes (bin/vigil.js, as an operator starts them), each ready to take
 * jobs. With `cpuProf`, each writes its CPU profiles into DIR/PREFIX-I/ when it stops (the main
 * thread's is CPU.*.PID.0.*.cpuprofile).
 */
export async function startWorkers(
  count: number,
  env: Record<string, string>,
  cpuProf?: { dir: string; prefix: string },
  onChunk?: (timing: ChunkTimingLine) => void,
): Promise<Workers> {
  // A directory each: --cpu-prof also profiles tsx's loader thread, and Node names the files by process and thread.
  const nodeArgs = (i: number) =>
    cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${join(cpuProf.dir, `${cpuProf.prefix}-${i + 1}`)}`] : [];
  const children = await Promise.all(
    Array.from({ length: count }, (_, i) => startOne(env, nodeArgs(i), onChunk)),
  );
  return {
    pids: children.map((c) => c.pid ?? 0),
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) {
                resolve();
                return;
              }
              const timeout = setTimeout(() => child.kill('SIGKILL'), 30_000);
              child.once('exit', () => {
                clearTimeout(timeout);
                resolve();
              });
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
