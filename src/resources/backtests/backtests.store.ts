import type { Kysely } from 'kysely';
import type { BatchRunStatus, Environment } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import type { Backtest, BacktestRequest, BacktestSnapshot } from './backtest.js';
import type { BacktestRow } from './backtests.table.js';

function toBacktest(row: BacktestRow): Backtest {
  const snapshot = JSON.parse(row.snapshot) as BacktestSnapshot;
  return {
    id: row.id,
    tenantId: row.tenant_id,
    environment: row.environment as Environment,
    status: row.status as BatchRunStatus,
    request: JSON.parse(row.request) as BacktestRequest,
    rulesVersion: snapshot.rulesVersion,
    progress: { profilesTotal: row.profiles_total, profilesDone: row.profiles_done, errors: row.errors },
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    failureReason: row.failure_reason,
    actor: { apiKeyId: row.actor_api_key_id, userId: row.actor_user_id, name: row.actor_name },
    requestId: row.request_id,
    createdAtMs: row.created_at,
    startedAtMs: row.started_at,
    finishedAtMs: row.finished_at,
  };
}

/** Backtest rows: the only thing a backtest ever writes. */
export function createBacktestsStore(db: Kysely<Database>) {
  const scoped = (executor: Executor, tenantId: string, environment: Environment) =>
    executor
      .selectFrom('backtests')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment);

  return {
    async insert(trx: Executor, b: Backtest, snapshot: BacktestSnapshot): Promise<void> {
      await trx
        .insertInto('backtests')
        .values({
          id: b.id,
          tenant_id: b.tenantId,
          environment: b.environment,
          status: b.status,
          request: JSON.stringify(b.request),
          snapshot: JSON.stringify(snapshot),
          profiles_total: b.progress.profilesTotal,
          profiles_done: 0,
          errors: 0,
          result: null,
          failure_reason: null,
          actor_api_key_id: b.actor.apiKeyId,
          actor_user_id: b.actor.userId,
          actor_name: b.actor.name,
          request_id: b.requestId,
          created_at: b.createdAtMs,
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
    ): Promise<Backtest | undefined> {
      const row = await scoped(executor, tenantId, environment).where('id', '=', id).executeTakeFirst();
      return row && toBacktest(row);
    },

    async list(
      tenantId: string,
      environment: Environment,
      filters: { status?: BatchRunStatus },
      page: { afterId?: string; limit: number },
    ): Promise<Backtest[]> {
      let q = scoped(db, tenantId, environment);
      if (filters.status !== undefined) q = q.where('status', '=', filters.status);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      return (await q.orderBy('id', 'desc').limit(page.limit).execute()).map(toBacktest);
    },

    /** A backtest by ID alone, with its snapshot: for the job that works it. */
    async findForWork(executor: Executor, id: string) {
      const row = await executor.selectFrom('backtests').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { backtest: toBacktest(row), snapshot: JSON.parse(row.snapshot) as BacktestSnapshot };
    },

    async findStatus(executor: Executor, id: string): Promise<BatchRunStatus | undefined> {
      const row = await executor
        .selectFrom('backtests')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirst();
      return row?.status as BatchRunStatus | undefined;
    },

    /** Changes the status only from one of `from`; true when it did. */
    async updateIf(
      executor: Executor,
      id: string,
      from: readonly BatchRunStatus[],
      set: Partial<{
        status: BatchRunStatus;
        profiles_total: number;
        profiles_done: number;
        errors: number;
        result: string;
        failure_reason: string;
        started_at: number;
        finished_at: number;
      }>,
    ): Promise<boolean> {
      const res = await executor
        .updateTable('backtests')
        .set(set)
        .where('id', '=', id)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      return Number(res.numUpdatedRows) > 0;
    },
  };
}
export type BacktestsStore = ReturnType<typeof createBacktestsStore>;
