import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { DAY_MS } from '../../domain/baseline/baseline.js';
import { buildBaseline } from '../../domain/baseline/build-baseline.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { ProfilesStore } from '../profiles/profiles.store.js';
import type { SignalsStore } from '../signals/signals.store.js';
import type { TransactionsStore } from '../transactions/transactions.store.js';
import type { BaselinesStore, StoredBaseline } from './baselines.store.js';

export const DEFAULT_LOOKBACK_DAYS = 180;

interface Deps {
  db: Kysely<Database>;
  store: BaselinesStore;
  profiles: Pick<ProfilesStore, 'findById' | 'updateBaselineStatus'>;
  transactions: Pick<TransactionsStore, 'listHistory'>;
  signals: Pick<SignalsStore, 'confirmedEvidenceTransactionIds'>;
  clock: Clock;
}

/** A profile's baseline (api.md §5.4, detection.md §3): computed on request, stored, and read back. */
export function createBaselinesService(deps: Deps) {
  const { db, store, profiles, transactions, signals, clock } = deps;

  return {
    async get(ctx: TenantContext, profileId: string): Promise<StoredBaseline> {
      const profile = await profiles.findById(db, ctx.tenantId, ctx.environment, profileId);
      if (!profile) throw apiError('PROFILE_NOT_FOUND');
      const stored = await store.find(db, ctx.tenantId, ctx.environment, profileId);
      if (!stored) throw apiError('BASELINE_NOT_FOUND');
      return stored;
    },

    /** Computes the baseline as of now over the lookback window, stores it, and sets the profile's baseline_status. */
    async compute(
      ctx: TenantContext,
      profileId: string,
      lookbackDays = DEFAULT_LOOKBACK_DAYS,
    ): Promise<StoredBaseline> {
      const nowMs = clock.nowMs();
      return withTransaction(db, async (trx) => {
        const profile = await profiles.findById(trx, ctx.tenantId, ctx.environment, profileId, {
          forUpdate: true,
        });
        if (!profile) throw apiError('PROFILE_NOT_FOUND');
        const history = await transactions.listHistory(
          trx,
          ctx.tenantId,
          ctx.environment,
          profileId,
          nowMs - lookbackDays * DAY_MS,
          nowMs,
        );
        const stored: StoredBaseline = {
          profileId,
          baseline: buildBaseline({
            transactions: history,
            asOfMs: nowMs,
            lookbackDays,
            excludedTransactionIds: await signals.confirmedEvidenceTransactionIds(
              trx,
              ctx.tenantId,
              ctx.environment,
              profileId,
            ),
          }),
          computedAtMs: nowMs,
        };
        await store.upsert(trx, ctx.tenantId, ctx.environment, stored);
        await profiles.updateBaselineStatus(
          trx,
          ctx.tenantId,
          ctx.environment,
          profileId,
          stored.baseline.status,
        );
        await recordAudit(trx, ctx, nowMs, {
          action: 'baseline.computed',
          resourceType: 'profile',
          resourceId: profileId,
          changes:
            profile.baselineStatus === stored.baseline.status
              ? null
              : { baseline_status: [profile.baselineStatus, stored.baseline.status] },
        });
        return stored;
      });
    },
  };
}
export type BaselinesService = ReturnType<typeof createBaselinesService>;
