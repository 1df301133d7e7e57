import type { Kysely } from 'kysely';
import { isPostgres } from './dialect.js';

// Batch runs, the chunks each run is split into (the unit of work and of resumption), and on SQLite
// the in-process job queue (PostgreSQL uses pg-boss, which keeps its own schema).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('batch_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The request with its defaults resolved, as the wire shows it.
    .addColumn('request', 'text', (c) => c.notNull())
    // The rules and detection settings as they were when the run was created.
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('chunk_size', 'integer', (c) => c.notNull())
    .addColumn('profiles_total', 'integer', (c) => c.notNull())
    .addColumn('chunks_total', 'integer', (c) => c.notNull())
    .addColumn('chunks_done', 'integer', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    // Who asked, named again in the audit events the run writes later.
    .addColumn('actor_api_key_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('batch_runs_tenant_idx')
    .on('batch_runs')
    .columns(['tenant_id', 'environment', 'id'])
    .execute();
  await db.schema.createIndex('batch_runs_status_idx').on('batch_runs').columns(['status']).execute();

  await db.schema
    .createTable('batch_run_chunks')
    .addColumn('batch_run_id', 'text', (c) => c.notNull().references('batch_runs.id').onDelete('cascade'))
    .addColumn('chunk_no', 'integer', (c) => c.notNull())
    .addColumn('profile_ids', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // Profiles of this chunk finished (scored or counted as errors), in profile_ids order: where a retry resumes.
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('transactions_scored', 'integer', (c) => c.notNull())
    .addColumn('signals_created', 'integer', (c) => c.notNull())
    .addColumn('signals_updated', 'integer', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('worked_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('batch_run_chunks_pk', ['batch_run_id', 'chunk_no'])
    .execute();

  if (isPostgres(db)) return;
  await db.schema
    .createTable('local_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('run_after', 'bigint', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('local_jobs_key_uq', ['queue', 'key'])
    .execute();
  await db.schema.createIndex('local_jobs_due_idx').on('local_jobs').columns(['run_after', 'id']).execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the batch runs migration cannot be reverted'));
}
