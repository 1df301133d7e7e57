import { expect } from 'vitest';
import { sql } from 'kysely';
import { loadConfig, type Config, type Dialect } from '../../src/config.js';
import { createJobQueue } from '../../src/jobs/create-queue.js';
import { LocalQueue } from '../../src/jobs/local.js';
import type { JobQueue, JobRequest, Task } from '../../src/jobs/queue.js';
import { systemClock } from '../../src/lib/clock.js';
import type { BatchRunner } from '../../src/resources/batch-runs/batch-runs.runner.js';
import { createServices } from '../../src/services.js';
import type { Db } from '../../src/store/create-db.js';
import type { Executor } from '../../src/store/transaction.js';
import { TEST_POSTGRES_URL } from './dialects.js';
import { call, type TestApp, type TestTenant } from './test-app.js';
import { BATCH_RUN_TASKS } from '../../src/resources/batch-runs/batch-runs.jobs.js';

/** The app's own in-process queue (SQLite), whose work a test can hold and release. */
class HeldQueue implements JobQueue {
  readonly #inner: JobQueue;
  #tasks: readonly Task[] = [];
  #held: boolean;
  #working = false;

  constructor(inner: JobQueue, held: boolean) {
    this.#inner = inner;
    this.#held = held;
  }

  prepare = () => this.#inner.prepare();
  send = (trx: Executor, jobs: readonly JobRequest[]) => this.#inner.send(trx, jobs);

  async work(tasks: readonly Task[]): Promise<void> {
    this.#tasks = tasks;
    if (!this.#held) await this.release();
  }

  async hold(): Promise<void> {
    this.#held = true;
    if (!this.#working) return;
    this.#working = false;
    await this.#inner.stop();
  }

  async release(): Promise<void> {
    this.#held = false;
    // The app hands its tasks over when it is ready; work starts then.
    if (this.#working || this.#tasks.length === 0) return;
    this.#working = true;
    await this.#inner.work(this.#tasks);
  }

  async stop(): Promise<void> {
    this.#working = false;
    await this.#inner.stop();
  }
}

export interface BatchWorker {
  /** For useTestApp: on SQLite the app runs its own jobs through this held queue. */
  jobs: ((db: Db) => JobQueue) | undefined;
  /** Works batch-run jobs for the app: its in-process queue (SQLite) or an in-process `vigil worker` (PostgreSQL). */
  release(t: TestApp): Promise<void>;
  /** Stops working jobs; those queued wait for release. */
  hold(): Promise<void>;
  /** A runner over the test database, to run one step by hand while jobs are held. */
  runner(t: TestApp): BatchRunner;
  close(): Promise<void>;
}

/** Batch-run jobs for a test app, held until `release` when `held` is set. */
export function batchWorker(
  dialect: Dialect,
  options: { env?: NodeJS.ProcessEnv; held?: boolean } = {},
): BatchWorker {
  const config: Config = loadConfig({ DATABASE_URL: TEST_POSTGRES_URL, ...options.env });
  let local: HeldQueue | undefined;
  let remote: JobQueue | undefined;
  const extra: JobQueue[] = [];
  const servicesFor = (t: TestApp, jobs: JobQueue) =>
    createServices(t.db, systemClock, { jobs, batchChunkProfiles: config.batchChunkProfiles });

  return {
    jobs:
      dialect === 'sqlite'
        ? (db) =>
            (local = new HeldQueue(
              new LocalQueue(db.kysely, { clock: systemClock, retryDelayMs: 50 }),
              options.held ?? false,
            ))
        : undefined,

    async release(t) {
      if (local) {
        await t.app.ready();
        return local.release();
      }
      if (remote) return;
      remote = createJobQueue(t.db, config, {
        clock: systemClock,
        taskNames: BATCH_RUN_TASKS,
        supervise: true,
      });
      const services = servicesFor(t, remote);
      await remote.work(services.batchRuns.tasks, { concurrency: 2 });
    },

    async hold() {
      if (local) return local.hold();
      const stopping = remote;
      remote = undefined;
      await stopping?.stop();
    },

    runner(t) {
      const jobs =
        dialect === 'sqlite'
          ? new LocalQueue(t.db.kysely, { clock: systemClock })
          : createJobQueue(t.db, config, { clock: systemClock, taskNames: BATCH_RUN_TASKS });
      extra.push(jobs);
      return servicesFor(t, jobs).batchRuns.runner;
    },

    async close() {
      await this.hold();
      for (const queue of extra) await queue.stop();
    },
  };
}

export interface BatchRunJson {
  id: string;
  status: string;
  request: Record<string, unknown>;
  progress: Record<string, number>;
  failure_reason: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Polls GET /batch-runs/{id} until the run reaches one of `statuses`. */
export async function waitForRun(
  t: TestApp,
  tenant: TestTenant,
  id: string,
  statuses: readonly string[] = ['COMPLETED', 'FAILED', 'CANCELLED'],
  timeoutMs = 20_000,
): Promise<BatchRunJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await call(t.app, tenant, { url: `/v1/batch-runs/${id}` })).json<BatchRunJson>();
    if (statuses.includes(run.status)) return run;
    if (Date.now() > deadline) expect.fail(`batch run ${id} is still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until no job of the run is waiting or running (the queue has drained it). */
export async function waitForJobsDrained(
  t: TestApp,
  runId: string,
  schema = 'pgboss',
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending =
      t.dialect === 'sqlite'
        ? await t.db.kysely
            .selectFrom('local_jobs')
            .select('id')
            .where('payload', 'like', `%${runId}%`)
            .execute()
        : (
            await sql<{ id: string }>`SELECT id FROM ${sql.id(schema, 'job')}
              WHERE data->>'batch_run_id' = ${runId} AND state IN ('created', 'retry', 'active')`.execute(
              t.db.kysely,
            )
          ).rows;
    if (pending.length === 0) return;
    if (Date.now() > deadline) expect.fail(`${pending.length} jobs of batch run ${runId} still pending`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
