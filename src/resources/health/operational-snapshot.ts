import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../config.js';
import type { Clock } from '../../lib/clock.js';
import type { OperationalSnapshot } from '../../lib/metrics.js';
import type { Database } from '../../store/database.js';

const HOUR_MS = 3_600_000;

/**
 * Reads what /metrics reports from the database, across tenants (an operator's view): batch runs by
 * status with the progress of unfinished ones, the job queue's depth (pg-boss's table on PostgreSQL,
 * local_jobs on SQLite) and the webhook outbox's lag and recent failures.
 */
export function createOperationalSnapshot(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  jobsSchema: string;
  clock: Clock;
}): () => Promise<OperationalSnapshot> {
  const { db } = deps;

  async function batchRuns() {
    const byStatus = await db
      .selectFrom('batch_runs')
      .select((eb) => [
        'status',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string>('profiles_total').as('total'),
      ])
      .groupBy('status')
      .execute();
    const done = await db
      .selectFrom('batch_run_chunks as c')
      .innerJoin('batch_runs as r', 'r.id', 'c.batch_run_id')
      .select((eb) => ['r.status', eb.fn.sum<number | string>('c.position').as('done')])
      .where('r.status', 'in', ['QUEUED', 'RUNNING'])
      .groupBy('r.status')
      .execute();
    return byStatus.map((r) => ({
      status: r.status,
      count: Number(r.n),
      profilesTotal: Number(r.total),
      profilesDone: Number(done.find((d) => d.status === r.status)?.done ?? 0),
    }));
  }

  async function jobs() {
    if (deps.dialect === 'sqlite') {
      const rows = await db
        .selectFrom('local_jobs')
        .select((eb) => ['queue', 'state', eb.fn.countAll<number>().as('n')])
        .groupBy(['queue', 'state'])
        .execute();
      return rows.map((r) => ({ queue: r.queue, state: r.state, count: r.n }));
    }
    try {
      const { rows } = await sql<{ queue: string; state: string; n: string }>`
        SELECT name AS queue, state::text AS state, count(*) AS n FROM ${sql.id(deps.jobsSchema, 'job')}
        WHERE state IN ('created', 'retry', 'active') GROUP BY name, state`.execute(db);
      return rows.map((r) => ({ queue: r.queue, state: r.state, count: Number(r.n) }));
    } catch {
      // The queue's schema is created by the first process that sends or works a job.
      return [];
    }
  }

  async function outbox() {
    const nowMs = deps.clock.nowMs();
    const pending = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.min<number | string | null>('next_attempt_at').as('oldest'),
      ])
      .where('status', '=', 'PENDING')
      .executeTakeFirstOrThrow();
    const failed = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', '=', 'FAILED')
      .where('attempted_at', '>=', nowMs - HOUR_MS)
      .executeTakeFirstOrThrow();
    const oldest = pending.oldest === null ? nowMs : Number(pending.oldest);
    return {
      lagSeconds: Math.max(0, nowMs - oldest) / 1000,
      pending: Number(pending.n),
      failedLastHour: Number(failed.n),
    };
  }

  return async () => ({ batchRuns: await batchRuns(), jobs: await jobs(), outbox: await outbox() });
}
