import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { noisyOr, riskLevelOf } from '../../domain/detection/scoring.js';
import { reopenSignal } from '../../domain/lifecycle/signal-review.js';
import { DAY_MS } from '../../domain/detection/history.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { redactFields } from '../audit-events/redaction.js';
import { PERSONAL_SIGNAL_FIELDS } from '../profiles/profile-erasure.js';
import type { ProfilesStore } from '../profiles/profiles.store.js';
import type { SuppressionsStore } from '../suppressions/suppressions.store.js';
import type { Confirmations } from '../watch-list/confirmations.js';
import { createAssigner } from './signals.assign.js';
import { createReviewer } from './signals.review.js';
import type { SignalsStore } from './signals.store.js';
import type { SignalRecord } from './signal.js';

const RISK_WINDOW_MS = 90 * DAY_MS;

interface Deps {
  db: Kysely<Database>;
  store: SignalsStore;
  profiles: Pick<ProfilesStore, 'updateRisk' | 'findById'>;
  suppressions: Pick<SuppressionsStore, 'insert'>;
  /** Confirmed counterparties: recorded by a confirmation, withdrawn by a reopen. */
  confirmations?: Confirmations;
  clock: Clock;
  /** Called in the review's transaction (webhooks: signal.reviewed). */
  onReviewed?: (trx: Executor, ctx: TenantContext, signal: SignalRecord, atMs: number) => Promise<void>;
  /** Called in the assignment's transaction (webhooks: signal.assigned). */
  onAssigned?: Parameters<typeof createAssigner>[0]['onAssigned'];
}

/** The analyst's side of signals (api.md §5.6, issue 10): review (single and bulk), reopen, and the profile risk that follows. */
export function createSignalsService(deps: Deps) {
  const { db, store, clock } = deps;

  async function getSignal(ctx: TenantContext, id: string): Promise<SignalRecord> {
    const signal = await store.findById(ctx.tenantId, ctx.environment, id);
    if (!signal) throw apiError('SIGNAL_NOT_FOUND');
    return signal;
  }

  /**
   * The one lock order of the whole service: the profile first, then its signals. Ingest and batch
   * runs lock the profile before they touch its signals; a review that locked the signal first and
   * the profile second could deadlock with them on PostgreSQL.
   */
  async function lockProfile(trx: Executor, ctx: TenantContext, profileId: string): Promise<void> {
    await deps.profiles.findById(trx, ctx.tenantId, ctx.environment, profileId, { forUpdate: true });
  }

  async function refreshRisk(trx: Executor, ctx: TenantContext, profileId: string, nowMs: number) {
    const risk = await store.riskInputs(
      trx,
      ctx.tenantId,
      ctx.environment,
      profileId,
      nowMs - RISK_WINDOW_MS,
    );
    const riskScore = noisyOr(risk.scores);
    await deps.profiles.updateRisk(trx, ctx.tenantId, ctx.environment, profileId, {
      riskScore,
      riskLevel: riskLevelOf(riskScore),
      openSignalCount: risk.openCount,
    });
  }

  const reviewer = createReviewer({
    db,
    store,
    suppressions: deps.suppressions,
    confirmations: deps.confirmations,
    clock,
    getSignal,
    lockProfile,
    afterReview: async (trx, ctx, signal, atMs) => {
      await refreshRisk(trx, ctx, signal.profileId, atMs);
      await deps.onReviewed?.(trx, ctx, signal, atMs);
    },
  });

  const assign = createAssigner({ db, store, clock, getSignal, onAssigned: deps.onAssigned });

  return {
    getSignal,
    assign,
    review: reviewer.review,
    bulkReview: reviewer.bulkReview,

    async reopen(ctx: TenantContext, id: string, notes: string | null): Promise<SignalRecord> {
      const current = await getSignal(ctx, id);
      const decision = reopenSignal(current);
      if (!decision.ok) throw apiError('INVALID_STATE', 'signal status must be CONFIRMED or DISMISSED');
      const nowMs = clock.nowMs();
      const reopened: SignalRecord = { ...current, ...decision.signal, updatedAtMs: nowMs };
      await withTransaction(db, async (trx) => {
        await lockProfile(trx, ctx, current.profileId);
        if (
          !(await store.updateStatusIf(trx, ctx.tenantId, ctx.environment, reopened, [
            'CONFIRMED',
            'DISMISSED',
          ]))
        ) {
          throw apiError('INVALID_STATE', 'signal status must be CONFIRMED or DISMISSED');
        }
        await recordAudit(trx, ctx, nowMs, {
          action: 'signal.reopened',
          resourceType: 'signal',
          resourceId: id,
          changes: redactFields(
            { status: [current.status, 'ACTIVE'], notes: [null, notes] },
            PERSONAL_SIGNAL_FIELDS,
          ),
        });
        if (current.status === 'CONFIRMED') await deps.confirmations?.reopened(trx, ctx, id, nowMs);
        await refreshRisk(trx, ctx, current.profileId, nowMs);
      });
      return reopened;
    },
  };
}
export type SignalsService = ReturnType<typeof createSignalsService>;
