import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../../config.js';
import type { BatchRunStatus, Environment } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import type { BatchRun, BatchRunProgress, BatchRunRequest, BatchRunSnapshot } from './batch-run.js';
import type { BatchRunRow } from './batch-runs.table.js';

/** What one profile's scoring adds to its chunk's counters. */
export interface ChunkStep {
  /** Profiles the step moves past (1 unless several were scored in one transaction). */
  profiles?: number;
  transactionsScored: number;
  signalsCreated: number;
  signalsUpdated: number;
  errors: number;
  lastError?: string;
}

export interface ChunkState {
  profileIds: string[];
  status: 'PENDING' | 'DONE';
  position: number;
}

const ZERO: Omit<BatchRunProgress, 'profilesTotal'> = {
  profilesDone: 0,
  transactionsScored: 0,
  signalsCreated: 0,
  signalsUpdated: 0,
  errors: 0,
};

function toBatchRun(row: BatchRunRow, sums: Omit<BatchRunProgress, 'profilesTotal'> = ZERO): BatchRun {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    environment: row.environment as Environment,
    status: row.status as BatchRunStatus,
    request: JSON.parse(row.request) as BatchRunRequest,
    chunkSize: row.chunk_size,
    chunksTotal: row.chunks_total,
    chunksDone: row.chunks_done,
    progress: { profilesTotal: row.profiles_total, ...sums },
    failureReason: row.failure_reason,
    actor: { apiKeyId: row.actor_api_key_id, userId: row.actor_user_id, name: row.actor_name },
    requestId: row.request_id,
    createdAtMs: row.created_at,
    startedAtMs: row.started_at,
    finishedAtMs: row.finished_at,
  };
}

export function createBatchRunsStore(db: Kysely<Database>, dialect: Dialect) {
  /** Progress counters summed over each run's chunks (kept per chunk so workers never contend on the run row). */
  async function withProgress(executor: Executor, rows: BatchRunRow[]): Promise<BatchRun[]> {
    if (rows.length === 0) return [];
    const sums = await executor
      .selectFrom('batch_run_chunks')
      .select((eb) => [
        'batch_run_id',
        eb.fn.sum<number>('position').as('profiles_done'),
        eb.fn.sum<number>('transactions_scored').as('transactions_scored'),
        eb.fn.sum<number>('signals_created').as('signals_created'),
        eb.fn.sum<number>('signals_updated').as('signals_updated'),
        eb.fn.sum<number>('errors').as('errors'),
      ])
      .where(
        'batch_run_id',
        'in',
        rows.map((r) => r.id),
      )
      .groupBy('batch_run_id')
      .execute();
    const byRun = new Map(sums.map((s) => [s.batch_run_id, s]));
    return rows.map((row) => {
      const s = byRun.get(row.id);
      return toBatchRun(
        row,
        s && {
          profilesDone: s.profiles_done,
          transactionsScored: s.transactions_scored,
          signalsCreated: s.signals_created,
          signalsUpdated: s.signals_updated,
          errors: s.errors,
        },
      );
    });
  }

  const scoped = (executor: Executor, tenantId: string, environment: Environment) =>
    executor
      .selectFrom('batch_runs')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment);

  return {
    async insert(trx: Executor, run: BatchRun, snapshot: BatchRunSnapshot): Promise<void> {
      await trx
        .insertInto('batch_runs')
        .values({
          id: run.id,
          tenant_id: run.tenantId,
          environment: run.environment,
          status: run.status,
          request: JSON.stringify(run.request),
          snapshot: JSON.stringify(snapshot),
          chunk_size: run.chunkSize,
          profiles_total: run.progress.profilesTotal,
          chunks_total: 0,
          chunks_done: 0,
          failure_reason: null,
          actor_api_key_id: run.actor.apiKeyId,
          actor_user_id: run.actor.userId,
          actor_name: run.actor.name,
          request_id: run.requestId,
          created_at: run.createdAtMs,
          started_at: null,
          finished_at: null,
        })
        .execute();
    },

    async findById(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      id: string,
    ): Promise<BatchRun | undefined> {
      const row = await scoped(executor, tenantId, environment).where('id', '=', id).executeTakeFirst();
      return row && (await withProgress(executor, [row]))[0];
    },

    async list(
      tenantId: string,
      environment: Environment,
      filters: { status?: BatchRunStatus },
      page: { afterId?: string; limit: number },
    ): Promise<BatchRun[]> {
      let q = scoped(db, tenantId, environment);
      if (filters.status !== undefined) q = q.where('status', '=', filters.status);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      return withProgress(db, await q.orderBy('id', 'desc').limit(page.limit).execute());
    },

    /** The run whatever its tenant (jobs carry the run ID), locked on PostgreSQL until the transaction ends. */
    async findForWork(
      executor: Executor,
      id: string,
      options: { forUpdate?: boolean } = {},
    ): Promise<BatchRun | undefined> {
      let q = executor.selectFrom('batch_runs').selectAll().where('id', '=', id);
      if (options.forUpdate && dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return row && (await withProgress(executor, [row]))[0];
    },

    async findSnapshot(executor: Executor, id: string): Promise<BatchRunSnapshot | undefined> {
      const row = await executor
        .selectFrom('batch_runs')
        .select('snapshot')
        .where('id', '=', id)
        .executeTakeFirst();
      return row && (JSON.parse(row.snapshot) as BatchRunSnapshot);
    },

    async findStatus(executor: Executor, id: string): Promise<BatchRunStatus | undefined> {
      const row = await executor
        .selectFrom('batch_runs')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.status as BatchRunStatus | undefined;
    },

    /** Runs not finished: what a restarted embedded server resumes. */
    async listUnfinishedIds(executor: Executor): Promise<{ id: string; status: BatchRunStatus }[]> {
      const rows = await executor
        .selectFrom('batch_runs')
        .select(['id', 'status'])
        .where('status', 'in', ['QUEUED', 'RUNNING'])
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ id: r.id, status: r.status as BatchRunStatus }));
    },

    /** Changes the status only if it is still one of `from`; returns whether it did. */
    async updateStatusIf(
      trx: Executor,
      id: string,
      from: readonly BatchRunStatus[],
      change: {
        status: BatchRunStatus;
        atMs: number;
        failureReason?: string;
        plan?: { profilesTotal: number; chunksTotal: number };
      },
    ): Promise<boolean> {
      const started = change.status === 'RUNNING';
      const result = await trx
        .updateTable('batch_runs')
        .set({
          status: change.status,
          ...(started ? { started_at: change.atMs } : { finished_at: change.atMs }),
          ...(change.failureReason === undefined ? {} : { failure_reason: change.failureReason }),
          ...(change.plan
            ? { profiles_total: change.plan.profilesTotal, chunks_total: change.plan.chunksTotal }
            : {}),
        })
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** IDs of the tenant's profiles a default run scores (ACTIVE and DECEASED), in ID order, a page at a time. */
    async listEligibleProfileIds(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      page: { afterId?: string; limit: number },
    ): Promise<string[]> {
      let q = executor
        .selectFrom('profiles')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('status', 'in', ['ACTIVE', 'DECEASED']);
      if (page.afterId !== undefined) q = q.where('id', '>', page.afterId);
      return (await q.orderBy('id').limit(page.limit).execute()).map((r) => r.id);
    },

    /** Those of `ids` that are profiles of this tenant environment. */
    async findExistingProfileIds(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      ids: readonly string[],
    ): Promise<Set<string>> {
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await executor
          .selectFrom('profiles')
          .select('id')
          .where('tenant_id', '=', tenantId)
          .where('environment', '=', environment)
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const r of rows) found.add(r.id);
      }
      return found;
    },

    async insertChunk(
      trx: Executor,
      runId: string,
      chunkNo: number,
      profileIds: readonly string[],
      atMs: number,
    ): Promise<void> {
      await trx
        .insertInto('batch_run_chunks')
        .values({
          batch_run_id: runId,
          chunk_no: chunkNo,
          profile_ids: JSON.stringify(profileIds),
          status: 'PENDING',
          position: 0,
          transactions_scored: 0,
          signals_created: 0,
          signals_updated: 0,
          errors: 0,
          last_error: null,
          worked_by: null,
          updated_at: atMs,
        })
        .execute();
    },

    /** The chunk, locked on PostgreSQL until the transaction ends: one worker advances it at a time. */
    async lockChunk(trx: Executor, runId: string, chunkNo: number): Promise<ChunkState | undefined> {
      let q = trx
        .selectFrom('batch_run_chunks')
        .select(['profile_ids', 'status', 'position'])
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', chunkNo);
      if (dialect === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return (
        row && {
          profileIds: JSON.parse(row.profile_ids) as string[],
          status: row.status as ChunkState['status'],
          position: row.position,
        }
      );
    },

    async listPendingChunkNos(executor: Executor, runId: string): Promise<number[]> {
      const rows = await executor
        .selectFrom('batch_run_chunks')
        .select('chunk_no')
        .where('batch_run_id', '=', runId)
        .where('status', '=', 'PENDING')
        .orderBy('chunk_no')
        .execute();
      return rows.map((r) => r.chunk_no);
    },

    /** Moves the chunk past the step's profiles and adds their counts (the caller holds the chunk's lock). */
    async advanceChunk(
      trx: Executor,
      runId: string,
      chunkNo: number,
      step: ChunkStep & { workedBy: string; atMs: number },
    ): Promise<void> {
      await trx
        .updateTable('batch_run_chunks')
        .set((eb) => ({
          position: eb('position', '+', step.profiles ?? 1),
          transactions_scored: eb('transactions_scored', '+', step.transactionsScored),
          signals_created: eb('signals_created', '+', step.signalsCreated),
          signals_updated: eb('signals_updated', '+', step.signalsUpdated),
          errors: eb('errors', '+', step.errors),
          ...(step.lastError === undefined ? {} : { last_error: step.lastError }),
          worked_by: step.workedBy,
          updated_at: step.atMs,
        }))
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .execute();
    },

    async recordChunkError(trx: Executor, runId: string, chunkNo: number, message: string): Promise<void> {
      await trx
        .updateTable('batch_run_chunks')
        .set({ last_error: message })
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .execute();
    },

    /** A chunk's profiles done and transactions scored so far. */
    async findChunkCounts(executor: Executor, runId: string, chunkNo: number) {
      const row = await executor
        .selectFrom('batch_run_chunks')
        .select(['position', 'transactions_scored'])
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .executeTakeFirst();
      return row && { profiles: row.position, transactions: row.transactions_scored };
    },

    async findChunkError(executor: Executor, runId: string, chunkNo: number): Promise<string | null> {
      const row = await executor
        .selectFrom('batch_run_chunks')
        .select('last_error')
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .executeTakeFirst();
      return row?.last_error ?? null;
    },

    /**
     * Marks the chunk DONE once and counts it on the run; returns the run's chunks done and total
     * after this, or undefined when the chunk was DONE already (a repeated job).
     */
    async finishChunk(
      trx: Executor,
      runId: string,
      chunkNo: number,
      atMs: number,
    ): Promise<{ chunksDone: number; chunksTotal: number } | undefined> {
      const marked = await trx
        .updateTable('batch_run_chunks')
        .set({ status: 'DONE', updated_at: atMs })
        .where('batch_run_id', '=', runId)
        .where('chunk_no', '=', chunkNo)
        .where('status', '=', 'PENDING')
        .executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) return undefined;
      const run = await trx
        .updateTable('batch_runs')
        .set({ chunks_done: sql<number>`chunks_done + 1` })
        .where('id', '=', runId)
        .returning(['chunks_done', 'chunks_total'])
        .executeTakeFirstOrThrow();
      return { chunksDone: run.chunks_done, chunksTotal: run.chunks_total };
    },
  };
}
export type BatchRunsStore = ReturnType<typeof createBatchRunsStore>;
