import { actorRef } from '../../api/actor-ref.js';
import type { TenantContext } from '../../api/context.js';
import {
  confirmationsInForce,
  type Confirmation,
  type ConfirmedCounterparty,
} from '../../domain/detection/confirmed-counterparties.js';
import type { DetectionSettingsRecord } from '../settings/detection-settings.js';
import type { Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { SignalRecord } from '../signals/signal.js';
import type { WatchListStore } from './watch-list.store.js';

export type ConfirmationsStore = Pick<
  WatchListStore,
  'paidCounterparties' | 'recordConfirmation' | 'withdrawConfirmation'
>;

/**
 * What a review and a reopen do to confirmed counterparties (issue 13, learning from reviews), in
 * their transaction: a CONFIRMED signal's payees become confirmed for its profile (and listed on the
 * tenant's watch list); reopening the signal withdraws them. Both audited on the signal.
 */
export function createConfirmations(store: ConfirmationsStore) {
  return {
    async confirmed(trx: Executor, ctx: TenantContext, signal: SignalRecord, nowMs: number): Promise<void> {
      const transactionIds = Object.keys(signal.debits).concat(
        signal.evidence.flatMap((e) => e.transactionIds),
      );
      const counterpartyIds = await store.paidCounterparties(trx, ctx.tenantId, ctx.environment, [
        ...new Set(transactionIds),
      ]);
      const recorded = await store.recordConfirmation(trx, ctx.tenantId, ctx.environment, {
        profileId: signal.profileId,
        signalId: signal.id,
        signalLastSeenMs: signal.lastSeenMs,
        counterpartyIds,
        confirmedBy: actorRef(ctx.actor),
        nowMs,
      });
      if (recorded.counterpartyIds.length === 0) return;
      await recordAudit(trx, ctx, nowMs, {
        action: 'signal.counterparties_confirmed',
        resourceType: 'signal',
        resourceId: signal.id,
        changes: {
          confirmed_counterparty_ids: [null, recorded.counterpartyIds],
          watch_list_entry_ids: [null, recorded.listed.map((l) => l.id)],
        },
      });
    },

    async reopened(trx: Executor, ctx: TenantContext, signalId: string, nowMs: number): Promise<void> {
      const withdrawn = await store.withdrawConfirmation(trx, ctx.tenantId, ctx.environment, signalId);
      if (withdrawn.counterpartyIds.length === 0) return;
      await recordAudit(trx, ctx, nowMs, {
        action: 'signal.counterparties_withdrawn',
        resourceType: 'signal',
        resourceId: signalId,
        changes: {
          confirmed_counterparty_ids: [withdrawn.counterpartyIds, null],
          watch_list_entry_ids: [withdrawn.unlisted.map((u) => u.id), null],
        },
      });
    },
  };
}
export type Confirmations = ReturnType<typeof createConfirmations>;

/**
 * The confirmed counterparties a profile pass measures (CONFIRMED_COUNTERPARTY): the tenant's
 * confirmations come from the store's cache under the settings' watch-list version, and each
 * counterparty's confirmation in force is worked out once, when a debit first pays it.
 */
export async function loadConfirmedCounterparties(
  trx: Executor,
  ctx: TenantContext,
  store: Pick<WatchListStore, 'confirmations'> | undefined,
  pass: {
    profileId: string;
    settings: Pick<DetectionSettingsRecord, 'watchListEnabled' | 'watchListVersion'>;
  },
): Promise<Pick<ReadonlyMap<string, ConfirmedCounterparty>, 'get'>> {
  const all = store
    ? await store.confirmations(trx, ctx.tenantId, ctx.environment, pass.settings.watchListVersion ?? null)
    : new Map<string, readonly Confirmation[]>();
  const decided = new Map<string, ConfirmedCounterparty | undefined>();
  return {
    get(counterpartyId: string) {
      if (decided.has(counterpartyId)) return decided.get(counterpartyId);
      const confirmations = all.get(counterpartyId) ?? [];
      const inForce = confirmationsInForce(confirmations, pass.profileId, pass.settings.watchListEnabled).get(
        counterpartyId,
      );
      decided.set(counterpartyId, inForce);
      return inForce;
    },
  };
}
