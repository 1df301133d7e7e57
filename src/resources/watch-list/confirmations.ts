import { actorRef } from '../../api/actor-ref.js';
import type { TenantContext } from '../../api/context.js';
import {
  confirmationsInForce,
  type ConfirmedCounterparty,
} from '../../domain/detection/confirmed-counterparties.js';
import type { History } from '../../domain/detection/types.js';
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
      const transactionIds = Object.keys(signal.debits).concat(signal.evidence.flatMap((e) => e.transactionIds));
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
 * The confirmed counterparties a profile pass measures (CONFIRMED_COUNTERPARTY), loaded once per
 * pass with one indexed query for the counterparties its scored debits pay, and none when they pay
 * no counterparty.
 */
export async function loadConfirmedCounterparties(
  trx: Executor,
  ctx: TenantContext,
  store: Pick<WatchListStore, 'confirmationsFor'> | undefined,
  pass: { profileId: string; history: History; itemIds: readonly string[]; watchListEnabled: boolean },
): Promise<Map<string, ConfirmedCounterparty>> {
  if (!store) return new Map();
  const scored = new Set(pass.itemIds);
  const paid = new Set<string>();
  for (const t of pass.history.transactions)
    if (t.direction === 'DEBIT' && t.counterpartyId !== null && scored.has(t.id)) paid.add(t.counterpartyId);
  if (paid.size === 0) return new Map();
  const confirmations = await store.confirmationsFor(trx, ctx.tenantId, ctx.environment, {
    profileId: pass.profileId,
    counterpartyIds: [...paid],
    watchListEnabled: pass.watchListEnabled,
  });
  return confirmationsInForce(confirmations, pass.profileId, pass.watchListEnabled);
}
