import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { DAY_MS } from '../../domain/detection/history.js';
import type { BatchRunStatus } from '../../domain/values/enums.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { BatchRunsStore } from '../batch-runs/batch-runs.store.js';
import { applyDraft, type RuleDraft } from '../rules/rule-draft.js';
import type { RulesStore } from '../rules/rules.store.js';
import type { SettingsStore } from '../settings/settings.store.js';
import type { Backtest } from './backtest.js';
import { backtestJob } from './backtests.jobs.js';
import type { BacktestsStore } from './backtests.store.js';

const DEFAULT_WINDOW_MS = 30 * DAY_MS;

export interface CreateBacktestInput {
  draft: RuleDraft;
  profileIds?: readonly string[];
  fromMs?: number;
  toMs?: number;
  recomputeBaselines?: boolean;
}

/** Backtests as the API sees them: create (the draft checked as POST/PATCH /rules check it), read, cancel. */
export function createBacktestsService(deps: {
  db: Kysely<Database>;
  store: BacktestsStore;
  batchRuns: Pick<BatchRunsStore, 'findExistingProfileIds'>;
  rules: Pick<RulesStore, 'list'>;
  settings: Pick<SettingsStore, 'load'>;
  queue: JobQueue;
  clock: Clock;
}) {
  const { db, store, clock } = deps;

  async function getBacktest(ctx: TenantContext, id: string): Promise<Backtest> {
    const found = await store.findById(db, ctx.tenantId, ctx.environment, id.toLowerCase());
    if (!found) throw apiError('NOT_FOUND', 'backtest not found');
    return found;
  }

  return {
    getBacktest,

    list: (
      ctx: TenantContext,
      filters: { status?: BatchRunStatus },
      page: { afterId?: string; limit: number },
    ) => store.list(ctx.tenantId, ctx.environment, filters, page),

    /** Records a QUEUED backtest with both rule sets as they are now, and queues its job. */
    async create(ctx: TenantContext, input: CreateBacktestInput): Promise<Backtest> {
      const nowMs = clock.nowMs();
      const toMs = input.toMs ?? nowMs;
      const fromMs = input.fromMs ?? toMs - DEFAULT_WINDOW_MS;
      if (fromMs >= toMs)
        throw apiError('VALIDATION_ERROR', 'from must be before to', [
          { field: 'from', message: 'from must be before to' },
        ]);
      const profileIds = input.profileIds && [...new Set(input.profileIds.map((id) => id.toLowerCase()))];
      await deps.queue.prepare();
      return withTransaction(db, async (trx) => {
        if (profileIds) {
          const found = await deps.batchRuns.findExistingProfileIds(
            trx,
            ctx.tenantId,
            ctx.environment,
            profileIds,
          );
          const missing = profileIds.findIndex((id) => !found.has(id));
          if (missing !== -1)
            throw apiError('PROFILE_NOT_FOUND', `profile not found: profile_ids[${missing}]`);
        }
        const settings = await deps.settings.load(trx, ctx.tenantId, ctx.environment, nowMs);
        const rules = await deps.rules.list(trx, ctx.tenantId, ctx.environment);
        const applied = applyDraft(rules, input.draft, nowMs);
        const backtest: Backtest = {
          id: newId(),
          tenantId: ctx.tenantId,
          environment: ctx.environment,
          status: 'QUEUED',
          request: {
            draft: input.draft,
            profileIds: profileIds ?? null,
            fromMs,
            toMs,
            recomputeBaselines: input.recomputeBaselines ?? true,
          },
          rulesVersion: settings.rulesVersion,
          progress: { profilesTotal: profileIds?.length ?? 0, profilesDone: 0, errors: 0 },
          result: null,
          failureReason: null,
          actor: ctx.actor,
          requestId: ctx.requestId,
          createdAtMs: nowMs,
          startedAtMs: null,
          finishedAtMs: null,
        };
        await store.insert(trx, backtest, {
          current: { rules: rules.filter((r) => r.enabled), settings },
          draft: {
            rules: applied.rules.filter((r) => r.enabled),
            settings: {
              ...settings,
              signalThreshold: input.draft.signalThreshold ?? settings.signalThreshold,
            },
          },
          rulesVersion: settings.rulesVersion,
        });
        await recordAudit(trx, ctx, nowMs, {
          action: 'backtest.created',
          resourceType: 'backtest',
          resourceId: backtest.id,
          changes: { status: [null, 'QUEUED'] },
        });
        await deps.queue.send(trx, [backtestJob(backtest.id)]);
        return backtest;
      });
    },

    /** Cancels a QUEUED or RUNNING backtest; its job stops at its next profiles. */
    async cancel(ctx: TenantContext, id: string): Promise<Backtest> {
      const current = await getBacktest(ctx, id);
      const nowMs = clock.nowMs();
      const cancelled = await withTransaction(db, async (trx) => {
        const done = await store.updateIf(trx, current.id, ['QUEUED', 'RUNNING'], {
          status: 'CANCELLED',
          finished_at: nowMs,
        });
        if (done)
          await recordAudit(trx, ctx, nowMs, {
            action: 'backtest.cancelled',
            resourceType: 'backtest',
            resourceId: current.id,
            changes: { status: [current.status, 'CANCELLED'] },
          });
        return done;
      });
      if (!cancelled) {
        const now = await getBacktest(ctx, id);
        throw apiError('INVALID_STATE', `backtest is already ${now.status}`);
      }
      return getBacktest(ctx, id);
    },
  };
}
export type BacktestsService = ReturnType<typeof createBacktestsService>;
