import type { Executor } from '../store/transaction.js';

/** One job to add: the task that runs it, its payload, and the natural key that makes adding it idempotent. */
export interface JobRequest {
  task: string;
  payload: Record<string, unknown>;
  /** e.g. `<batch run id>:<chunk number>`: while a job with this key is known, another is not added. */
  key: string;
}

export interface TaskContext {
  /** Aborted when the job should stop early (its time is up or the process stops): it runs again later. */
  signal: AbortSignal;
}

/**
 * One kind of job (style.md §4): the payload is validated on entry, a run may happen more than once
 * and must be idempotent, and `fail` makes a job that failed after every retry visible.
 */
export interface Task<P = unknown> {
  name: string;
  /** The payload, or a thrown error when it is not one this task accepts. */
  parse(payload: unknown): P;
  run(payload: P, context: TaskContext): Promise<void>;
  fail(payload: P, reason: string): Promise<void>;
}

/** The job queue port: pg-boss on PostgreSQL (jobs/pg-boss.ts), an in-process queue on SQLite (jobs/local.ts). */
export interface JobQueue {
  /** Makes the queue ready to add jobs (creates its storage on first use); call before the transaction that sends. */
  prepare(): Promise<void>;
  /** Adds jobs in the caller's transaction: they exist if and only if it commits. */
  send(trx: Executor, jobs: readonly JobRequest[]): Promise<void>;
  /** Starts running jobs of these tasks in this process. */
  work(tasks: readonly Task[], options?: { concurrency?: number }): Promise<void>;
  /** Stops taking jobs; a job cut short runs again later, here or in another process. */
  stop(): Promise<void>;
}

/** What a queue logs through; Fastify's and pino's loggers fit. */
export interface JobLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: JobLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/**
 * The reason a job that failed for good gives its task (it becomes e.g. a batch run's
 * failure_reason, which API clients read): generic, since error text can carry database details.
 * The error itself is logged with the job ID.
 */
export function failedReason(attempts: number): string {
  return `failed after ${attempts} attempts (an internal error; see the server log)`;
}
