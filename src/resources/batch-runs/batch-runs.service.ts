import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { DAY_MS } from '../../domain/detection/history.js';
import { transitionBatchRun } from '../../domain/lifecycle/batch-run-status.js';
import type { BatchRunStatus } from '../../domain/values/enums.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { RulesStore } from '../rules/rules.store.js';
import type { Rule } from '../rules/rule.js';
import type { SettingsStore } from '../settings/settings.store.js';
import type { BatchRun } from './batch-run.js';
import { planJob } from './batch-runs.jobs.js';
import type { BatchRunsStore } from './batch-runs.store.js';
import { finishRun } from './batch-runs.transitions.js';

const DEFAULT_WINDOW_MS = 30 * DAY_MS;

export interface CreateBatchRunInput {
  profileIds?: readonly string[];
  fromMs?: number;
  toMs?: number;
  recomputeBaselines?: boolean;
  ruleIds?: readonly string[];
}

interface Deps {
  db: Kysely<Database>;
  store: BatchRunsStore;
  rules: Pick<RulesStore, 'list'>;
  settings: Pick<SettingsStore, 'load'>;
  queue: JobQueue;
  clock: Clock;
  /** Profiles per chunk: the unit of work a job scores and of resumption. */
  chunkSize: number;
}

/** Batch runs as the API sees them (api.md §5.7): create, read, cancel; the work itself is batch-runs.runner.ts. */
export function createBatchRunsService(deps: Deps) {
  const { db, store, clock } = deps;

  async function getBatchRun(ctx: TenantContext, id: string): Promise<BatchRun> {
    const run = await store.findById(db, ctx.tenantId, ctx.environment, id);
    if (!run) throw apiError('BATCH_RUN_NOT_FOUND');
    return run;
  }

  async function checkProfiles(trx: Executor, ctx: TenantContext, ids: readonly string[]): Promise<void> {
    const found = await store.findExistingProfileIds(trx, ctx.tenantId, ctx.environment, ids);
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing !== -1) throw apiError('PROFILE_NOT_FOUND', `profile not found: profile_ids[${missing}]`);
  }

  /** The rules named (enabled or not), or every enabled rule, as they are now: the run's snapshot. */
  async function ruleSnapshot(
    trx: Executor,
    ctx: TenantContext,
    ruleIds: readonly string[] | undefined,
  ): Promise<Rule[]> {
    const rules = await deps.rules.list(trx, ctx.tenantId, ctx.environment);
    if (ruleIds === undefined) return rules.filter((r) => r.enabled);
    const byId = new Map(rules.map((r) => [r.id, r]));
    return ruleIds.map((id, index) => {
      const rule = byId.get(id);
      if (!rule) throw apiError('RULE_NOT_FOUND', `rule not found: rule_ids[${index}]`);
      return rule;
    });
  }

  return {
    getBatchRun,

    list: (
      ctx: TenantContext,
      filters: { status?: BatchRunStatus },
      page: { afterId?: string; limit: number },
    ) => store.list(ctx.tenantId, ctx.environment, filters, page),

    /** Records a QUEUED run with its rules and settings as they are now, and queues its planning. */
    async create(ctx: TenantContext, input: CreateBatchRunInput): Promise<BatchRun> {
      const nowMs = clock.nowMs();
      const toMs = input.toMs ?? nowMs;
      const fromMs = input.fromMs ?? toMs - DEFAULT_WINDOW_MS;
      if (fromMs >= toMs)
        throw apiError('VALIDATION_ERROR', 'from must be before to', [
          { field: 'from', message: 'from must be before to' },
        ]);
      const profileIds = input.profileIds && [...new Set(input.profileIds.map((id) => id.toLowerCase()))];
      const ruleIds = input.ruleIds && [...new Set(input.ruleIds.map((id) => id.toLowerCase()))];
      await deps.queue.prepare();
      return withTransaction(db, async (trx) => {
        if (profileIds) await checkProfiles(trx, ctx, profileIds);
        const settings = await deps.settings.load(trx, ctx.tenantId, ctx.environment, nowMs);
        const rules = await ruleSnapshot(trx, ctx, ruleIds);
        const run: BatchRun = {
          id: newId(),
          tenantId: ctx.tenantId,
          environment: ctx.environment,
          status: 'QUEUED',
          request: {
            profileIds: profileIds ?? null,
            fromMs,
            toMs,
            recomputeBaselines: input.recomputeBaselines ?? true,
            ruleIds: ruleIds ?? null,
          },
          chunkSize: deps.chunkSize,
          chunksTotal: 0,
          chunksDone: 0,
          progress: {
            profilesTotal: profileIds?.length ?? 0,
            profilesDone: 0,
            transactionsScored: 0,
            signalsCreated: 0,
            signalsUpdated: 0,
            errors: 0,
          },
          failureReason: null,
          actor: ctx.actor,
          requestId: ctx.requestId,
          createdAtMs: nowMs,
          startedAtMs: null,
          finishedAtMs: null,
        };
        await store.insert(trx, run, { rules, settings });
        await recordAudit(trx, ctx, nowMs, {
          action: 'batch_run.created',
          resourceType: 'batch_run',
          resourceId: run.id,
          changes: {
            status: [null, 'QUEUED'],
            rules: [null, rules.map((r) => `${r.name} v${r.version}`)],
          },
        });
        await deps.queue.send(trx, [planJob(run.id)]);
        return run;
      });
    },

    /** Cancels a QUEUED or RUNNING run; its workers stop at their next profile. */
    async cancel(ctx: TenantContext, id: string): Promise<BatchRun> {
      const current = await getBatchRun(ctx, id);
      const refuse = (status: BatchRunStatus) => apiError('INVALID_STATE', `batch run is already ${status}`);
      if (!transitionBatchRun(current.status, 'cancel').ok) throw refuse(current.status);
      await withTransaction(db, async (trx) => {
        const cancelled = await finishRun(trx, store, {
          runId: id,
          event: 'cancel',
          atMs: clock.nowMs(),
          ctx,
        });
        // It finished between the read and the lock.
        if (!cancelled)
          throw refuse(
            (await store.findById(trx, ctx.tenantId, ctx.environment, id))?.status ?? current.status,
          );
      });
      return getBatchRun(ctx, id);
    },
  };
}
export type BatchRunsService = ReturnType<typeof createBatchRunsService>;
