import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Database } from '../store/database.js';
import type { Executor } from '../store/transaction.js';
import {
  errorMessage,
  failedReason,
  silentLogger,
  type JobLogger,
  type JobQueue,
  type JobRequest,
  type Task,
} from './queue.js';

export interface LocalQueueOptions {
  clock: Clock;
  logger?: JobLogger;
  /** Retries after the first attempt before a job fails for good. */
  retryLimit?: number;
  retryDelayMs?: number;
  /** How often an idle runner looks for due jobs (a send wakes it at once). */
  pollMs?: number;
}

interface ClaimedJob {
  id: string;
  queue: string;
  payload: string;
  attempts: number;
}

/**
 * The embedded job queue (SQLite, one process): jobs are rows of `local_jobs`, run one at a time by
 * an in-process loop that yields to the event loop between jobs, so the API stays responsive. Jobs
 * survive a restart: those cut short (ACTIVE when the process stopped) run again on start.
 */
export class LocalQueue implements JobQueue {
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  readonly #logger: JobLogger;
  readonly #retryLimit: number;
  readonly #retryDelayMs: number;
  readonly #pollMs: number;
  #tasks = new Map<string, Task>();
  #loop: Promise<void> | undefined;
  #abort = new AbortController();
  #wake: (() => void) | undefined;

  constructor(db: Kysely<Database>, options: LocalQueueOptions) {
    this.#db = db;
    this.#clock = options.clock;
    this.#logger = options.logger ?? silentLogger;
    this.#retryLimit = options.retryLimit ?? 3;
    this.#retryDelayMs = options.retryDelayMs ?? 1000;
    this.#pollMs = options.pollMs ?? 1000;
  }

  prepare(): Promise<void> {
    return Promise.resolve();
  }

  async send(trx: Executor, jobs: readonly JobRequest[]): Promise<void> {
    const nowMs = this.#clock.nowMs();
    for (let i = 0; i < jobs.length; i += 200) {
      await trx
        .insertInto('local_jobs')
        .values(
          jobs.slice(i, i + 200).map((job) => ({
            id: newId(),
            queue: job.task,
            key: job.key,
            payload: JSON.stringify(job.payload),
            state: 'QUEUED',
            attempts: 0,
            run_after: nowMs,
            last_error: null,
            created_at: nowMs,
          })),
        )
        .onConflict((oc) => oc.columns(['queue', 'key']).doNothing())
        .execute();
    }
    // The runner's next query waits for this transaction on the one SQLite connection.
    this.#wake?.();
  }

  work(tasks: readonly Task[]): Promise<void> {
    if (this.#loop) throw new Error('the local queue is already working');
    this.#abort = new AbortController();
    this.#tasks = new Map(tasks.map((t) => [t.name, t]));
    this.#loop = this.#run();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    this.#wake?.();
    await this.#loop;
    this.#loop = undefined;
  }

  async #run(): Promise<void> {
    let isResumed = false;
    while (!this.#abort.signal.aborted) {
      try {
        if (!isResumed) {
          // One process owns the embedded database: a job still ACTIVE was cut short by a stop or a crash.
          await this.#db
            .updateTable('local_jobs')
            .set({ state: 'QUEUED' })
            .where('state', '=', 'ACTIVE')
            .execute();
          isResumed = true;
        }
        const job = await this.#claim();
        if (job) await this.#execute(job);
        else await this.#idle();
      } catch (error) {
        // The database itself failed (e.g. busy or closed): wait a poll interval, then carry on.
        this.#logger.error({ err: error }, 'local job runner could not reach the database');
        await this.#idle();
      }
      await yieldToEventLoop();
    }
  }

  #idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, this.#pollMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    }).finally(() => {
      this.#wake = undefined;
    });
  }

  async #claim(): Promise<ClaimedJob | undefined> {
    const names = [...this.#tasks.keys()];
    if (names.length === 0) return undefined;
    const nowMs = this.#clock.nowMs();
    return this.#db.transaction().execute(async (trx) => {
      const job = await trx
        .selectFrom('local_jobs')
        .select(['id', 'queue', 'payload', 'attempts'])
        .where('state', '=', 'QUEUED')
        .where('run_after', '<=', nowMs)
        .where('queue', 'in', names)
        .orderBy('run_after')
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      if (!job) return undefined;
      await trx
        .updateTable('local_jobs')
        .set({ state: 'ACTIVE', attempts: job.attempts + 1 })
        .where('id', '=', job.id)
        .execute();
      return { ...job, attempts: job.attempts + 1 };
    });
  }

  async #execute(job: ClaimedJob): Promise<void> {
    const task = this.#tasks.get(job.queue);
    if (!task) return;
    let payload: unknown;
    try {
      payload = task.parse(JSON.parse(job.payload));
    } catch (error) {
      this.#logger.error(
        { job: job.id, queue: job.queue, err: error },
        'dropping a job with an invalid payload',
      );
      await this.#db.deleteFrom('local_jobs').where('id', '=', job.id).execute();
      return;
    }
    // Attempts are counted when claimed, before the job runs; a failure that throws is handled
    // below, so a count past the limit here means earlier runs took the process down with them
    // (a crash, the out-of-memory killer). Running it again would only do that again, forever.
    const cutShort = job.attempts - 1;
    if (cutShort > this.#retryLimit) {
      this.#logger.error(
        { job: job.id, queue: job.queue, attempts: cutShort },
        'job stopped the process every time it ran; giving up',
      );
      await task.fail(
        payload,
        `did not finish in ${cutShort} attempts (the process stopped while running it); given up`,
      );
      await this.#db.deleteFrom('local_jobs').where('id', '=', job.id).execute();
      return;
    }
    try {
      await task.run(payload, { signal: this.#abort.signal });
      await this.#db.deleteFrom('local_jobs').where('id', '=', job.id).execute();
    } catch (error) {
      await this.#afterFailure(task, job, payload, error);
    }
  }

  async #afterFailure(task: Task, job: ClaimedJob, payload: unknown, error: unknown): Promise<void> {
    const message = errorMessage(error);
    if (this.#abort.signal.aborted) {
      // Cut short by stop(): not the job's fault, so the attempt does not count.
      await this.#db
        .updateTable('local_jobs')
        .set({ state: 'QUEUED', attempts: job.attempts - 1 })
        .where('id', '=', job.id)
        .execute();
      return;
    }
    if (job.attempts <= this.#retryLimit) {
      this.#logger.warn(
        { job: job.id, queue: job.queue, attempt: job.attempts, err: error },
        'job failed; retrying',
      );
      await this.#db
        .updateTable('local_jobs')
        .set({
          state: 'QUEUED',
          last_error: message,
          run_after: this.#clock.nowMs() + this.#retryDelayMs * 2 ** (job.attempts - 1),
        })
        .where('id', '=', job.id)
        .execute();
      return;
    }
    this.#logger.error({ job: job.id, queue: job.queue, err: error }, 'job failed for good');
    await task.fail(payload, failedReason(job.attempts));
    await this.#db.deleteFrom('local_jobs').where('id', '=', job.id).execute();
  }
}
