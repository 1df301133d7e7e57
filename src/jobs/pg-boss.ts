import { createHash } from 'node:crypto';
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
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

export interface PgBossQueueOptions {
  connectionString: string;
  /** The PostgreSQL schema pg-boss keeps its tables in. */
  schema: string;
  /** Every task this process may send or work: their queues are created on prepare(). */
  taskNames: readonly string[];
  /** How long a job may stay active: a worker that died holding it loses it after this, and it is retried. */
  timeoutSeconds: number;
  retryLimit?: number;
  /** Expire, archive and retry housekeeping; only processes that work jobs need it. */
  supervise?: boolean;
  logger?: JobLogger;
}

const deadLetterOf = (name: string) => `${name}-failed`;

/** A UUID derived from the job's natural key: pg-boss ignores a second job with the same ID. */
export function jobIdOf(queue: string, key: string): string {
  const h = createHash('sha256').update(`${queue}\n${key}`).digest('hex');
  const variant = (8 | (parseInt(h.charAt(16), 16) & 3)).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// Workers starting together on a new database create the same queues at once; pg-boss creates a
// partition per queue, and concurrent partition DDL can deadlock: the loser simply tries again.
async function retryOnDeadlock(create: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await create();
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== '40P01' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 200 * attempt));
    }
  }
}

// pg-boss runs its INSERT through our transaction, so the job commits or rolls back with the change.
function throughTransaction(trx: Executor): PgBoss.Db {
  return {
    executeSql: async (text, values) => ({
      rows: (await trx.executeQuery(CompiledQuery.raw(text, values as unknown[]))).rows,
    }),
  };
}

/**
 * The PostgreSQL job queue (stack.md: pg-boss@10): any number of worker processes on any machines
 * share the jobs. A job that fails is retried with backoff; one whose worker died is retried once its
 * timeout passes; after the last retry it moves to a dead-letter queue whose worker calls the task's
 * `fail`, so the failure becomes visible.
 */
export class PgBossQueue implements JobQueue {
  readonly #boss: PgBoss;
  readonly #options: PgBossQueueOptions;
  readonly #logger: JobLogger;
  #ready: Promise<void> | undefined;
  #started = false;
  readonly #running = new Set<AbortController>();

  constructor(options: PgBossQueueOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#boss = new PgBoss({
      connectionString: options.connectionString,
      schema: options.schema,
      max: 4,
      supervise: options.supervise ?? false,
      schedule: false,
      // Expiry of jobs whose worker died is checked here: often enough to respect the timeout.
      maintenanceIntervalSeconds: Math.min(60, Math.max(1, Math.floor(options.timeoutSeconds / 4))),
    });
    this.#boss.on('error', (error) => {
      this.#logger.error({ err: error }, 'pg-boss error');
    });
  }

  prepare(): Promise<void> {
    this.#ready ??= this.#start().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #start(): Promise<void> {
    await this.#boss.start();
    this.#started = true;
    for (const name of this.#options.taskNames) {
      const dead = deadLetterOf(name);
      const policy = {
        name,
        retryLimit: this.#options.retryLimit ?? 3,
        retryDelay: 1,
        retryBackoff: true,
        expireInSeconds: this.#options.timeoutSeconds,
        deadLetter: dead,
      };
      await retryOnDeadlock(() => this.#boss.createQueue(dead, { name: dead, retryLimit: 0 }));
      await retryOnDeadlock(() => this.#boss.createQueue(name, policy));
      await retryOnDeadlock(() => this.#boss.updateQueue(name, policy));
    }
  }

  async send(trx: Executor, jobs: readonly JobRequest[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.prepare();
    for (let i = 0; i < jobs.length; i += 500) {
      await this.#boss.insert(
        jobs.slice(i, i + 500).map((job) => ({
          id: jobIdOf(job.task, job.key),
          name: job.task,
          data: job.payload,
          singletonKey: job.key,
          expireInSeconds: this.#options.timeoutSeconds,
          retryLimit: this.#options.retryLimit ?? 3,
          retryDelay: 1,
          retryBackoff: true,
          deadLetter: deadLetterOf(job.task),
        })),
        { db: throughTransaction(trx) },
      );
    }
  }

  async work(tasks: readonly Task[], options: { concurrency?: number } = {}): Promise<void> {
    await this.prepare();
    const pollingIntervalSeconds = 0.5;
    for (const task of tasks) {
      // pg-boss 10 has no team size: one fetch loop per unit of concurrency.
      for (let i = 0; i < (options.concurrency ?? 1); i++) {
        // pg-boss 10 sleeps a polling interval after every fetch, even one that found work: wake the
        // loop when a job ends, so a busy worker takes the next job at once and only an idle one polls.
        const loop: { workerId?: string } = {};
        loop.workerId = await this.#boss.work(
          task.name,
          { pollingIntervalSeconds, batchSize: 1 },
          async (jobs) => {
            try {
              await this.#runAll(task, jobs);
            } finally {
              if (loop.workerId !== undefined) this.#boss.notifyWorker(loop.workerId);
            }
          },
        );
      }
      await this.#boss.work(
        deadLetterOf(task.name),
        { pollingIntervalSeconds, batchSize: 1, includeMetadata: true },
        (jobs) => this.#failAll(task, jobs),
      );
    }
  }

  // pg-boss hands work() handlers an array of jobs (style.md §4); each runs in turn.
  async #runAll(task: Task, jobs: PgBoss.Job<unknown>[]): Promise<void> {
    for (const job of jobs) {
      const payload = task.parse(job.data);
      // Stop between steps shortly before pg-boss gives the job up, rather than race its retry.
      const controller = new AbortController();
      const timer = setTimeout(
        () => {
          controller.abort();
        },
        Math.max(500, job.expireInSeconds * 1000 - 1000),
      );
      this.#running.add(controller);
      try {
        await task.run(payload, { signal: controller.signal });
      } catch (error) {
        this.#logger.warn({ job: job.id, queue: job.name, err: error }, 'job failed; pg-boss retries it');
        throw error;
      } finally {
        clearTimeout(timer);
        this.#running.delete(controller);
      }
    }
  }

  async #failAll(task: Task, jobs: PgBoss.JobWithMetadata<unknown>[]): Promise<void> {
    for (const job of jobs) {
      const payload = task.parse(job.data);
      const output = job.output as { message?: string; value?: { message?: string } } | null;
      const cause = output?.message ?? output?.value?.message ?? 'unknown error';
      const attempts = job.retryLimit + 1;
      this.#logger.error(
        { job: job.id, queue: task.name, cause: errorMessage(cause) },
        'job failed for good',
      );
      await task.fail(payload, failedReason(attempts));
    }
  }

  /** Running jobs stop after their current step and fail, so another worker resumes them at once. */
  async stop(): Promise<void> {
    if (!this.#started) return;
    this.#started = false;
    this.#ready = undefined;
    for (const controller of this.#running) controller.abort();
    await this.#boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
