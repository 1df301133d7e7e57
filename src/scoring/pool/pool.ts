import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BatchProfileInput, BatchProfileOutcome } from '../batch-profile.js';
import type { BatchProfileScorer } from '../batch.js';
import type { RunSnapshot, ScoreReply, ScoreRequest } from './protocol.js';

/** A scoring thread stopped (crashed, or the pool closed) with work in flight: the chunk fails and resumes later. */
export class ScoringThreadError extends Error {
  override name = 'ScoringThreadError';
}

interface Pending {
  resolve: (outcome: BatchProfileOutcome) => void;
  reject: (error: Error) => void;
}

interface Thread {
  worker: Worker;
  pending: Map<number, Pending>;
}

export interface ScoringPoolOptions {
  /** Threads at most; started on first use. */
  size: number;
  /** The thread's entry; the pool's own worker unless a test gives another. */
  workerUrl?: URL;
  workerData?: unknown;
}

/** Threads for batch scoring: the cores of this machine (BATCH_SCORING_THREADS overrides; 0 scores in process). */
export function defaultScoringThreads(): number {
  return availableParallelism();
}

// Compiled (dist/, how `vigil` runs) the worker is worker.js beside this file; from sources (tsx in
// development, vitest in tests) it is worker.ts, which the thread loads through tsx as well.
function defaultWorkerUrl(): URL {
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

/**
 * A thread for `url`: compiled JavaScript directly; TypeScript through tsx's loader, registered in
 * the thread itself (tsx's --import hook does not carry over into worker threads).
 */
function newWorker(url: URL, workerData: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData });
  // tsx's ESM entry (`tsx/esm/api` under the import condition), found from its package.json.
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * A pool of worker threads running the pure part of batch scoring (src/scoring/batch-profile.ts)
 * while the main thread keeps every database read and write. Each profile goes to the thread with
 * the least work in flight. A thread that dies rejects its work with ScoringThreadError (the
 * caller's transaction rolls back; the chunk resumes at its position) and is replaced on next use.
 */
export function createScoringPool(options: ScoringPoolOptions) {
  const workerUrl = options.workerUrl ?? defaultWorkerUrl();
  const threads: Thread[] = [];
  let nextId = 0;
  let closed = false;

  function failAll(thread: Thread, reason: string): void {
    const index = threads.indexOf(thread);
    if (index !== -1) threads.splice(index, 1);
    for (const pending of thread.pending.values()) pending.reject(new ScoringThreadError(reason));
    thread.pending.clear();
  }

  function start(): Thread {
    const worker = newWorker(workerUrl, options.workerData);
    // Idle threads never keep the process alive; work in flight is awaited by its caller.
    worker.unref();
    const thread: Thread = { worker, pending: new Map() };
    worker.on('message', (reply: ScoreReply) => {
      const pending = thread.pending.get(reply.id);
      if (!pending) return;
      thread.pending.delete(reply.id);
      if ('error' in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.outcome);
    });
    worker.on('error', (error) => {
      failAll(thread, `scoring thread failed: ${error.message}`);
    });
    worker.on('exit', (code) => {
      failAll(thread, `scoring thread exited with code ${code}`);
    });
    threads.push(thread);
    return thread;
  }

  function pick(): Thread {
    const idle = threads.find((t) => t.pending.size === 0);
    if (idle) return idle;
    if (threads.length < options.size) return start();
    return threads.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  }

  function score(run: RunSnapshot, input: BatchProfileInput): Promise<BatchProfileOutcome> {
    if (closed) return Promise.reject(new ScoringThreadError('the scoring pool is closed'));
    const thread = pick();
    const id = (nextId += 1);
    return new Promise<BatchProfileOutcome>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject });
      const request: ScoreRequest = { id, run, input };
      thread.worker.postMessage(request);
    });
  }

  return {
    size: options.size,
    /** Threads running now (started on first use, replaced after a crash). */
    get running(): number {
      return threads.length;
    },
    /** A scorer for one batch run's rules and settings. */
    scorer(run: RunSnapshot): BatchProfileScorer {
      return (input) => score(run, input);
    },
    /** Stops every thread; work in flight fails with ScoringThreadError. */
    async close(): Promise<void> {
      closed = true;
      await Promise.all([...threads].map((t) => t.worker.terminate()));
    },
  };
}
export type ScoringPool = ReturnType<typeof createScoringPool>;
