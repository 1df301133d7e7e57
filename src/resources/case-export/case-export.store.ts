import type { AccountEvent, Transaction } from '../../domain/activity.js';
import type { Environment } from '../../domain/values/enums.js';
import type { Executor } from '../../store/transaction.js';
import { toAccountEvent } from '../account-events/account-events.store.js';
import { toTransaction, TRANSACTION_COLUMNS } from '../transactions/transactions.store.js';

const CHUNK = 500;

/** The signal's evidence items, read by ID within the tenant environment and profile. */
export async function findEvidenceItems(
  executor: Executor,
  scope: { tenantId: string; environment: Environment; profileId: string },
  ids: { transactionIds: readonly string[]; eventIds: readonly string[] },
): Promise<{ transactions: Transaction[]; events: AccountEvent[] }> {
  const transactions: Transaction[] = [];
  const events: AccountEvent[] = [];
  for (let i = 0; i < ids.transactionIds.length; i += CHUNK) {
    const rows = await executor
      .selectFrom('transactions')
      .select(TRANSACTION_COLUMNS)
      .where('tenant_id', '=', scope.tenantId)
      .where('environment', '=', scope.environment)
      .where('profile_id', '=', scope.profileId)
      .where('id', 'in', ids.transactionIds.slice(i, i + CHUNK))
      .execute();
    transactions.push(...rows.map(toTransaction));
  }
  for (let i = 0; i < ids.eventIds.length; i += CHUNK) {
    const rows = await executor
      .selectFrom('account_events')
      .selectAll()
      .where('tenant_id', '=', scope.tenantId)
      .where('environment', '=', scope.environment)
      .where('profile_id', '=', scope.profileId)
      .where('id', 'in', ids.eventIds.slice(i, i + CHUNK))
      .execute();
    events.push(...rows.map(toAccountEvent));
  }
  return { transactions, events };
}
