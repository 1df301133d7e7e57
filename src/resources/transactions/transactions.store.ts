import type { Transaction } from '../../domain/activity.js';
import type {
  Channel,
  CounterpartyRelationship,
  CounterpartyType,
  Direction,
  Environment,
  Initiator,
} from '../../domain/values/enums.js';
import type { Db } from '../../store/create-db.js';
import { createActivityStore, type TimeRangeFilters } from '../../ingest/activity.store.js';
import { parseJson, type Executor } from '../../store/transaction.js';
import type { TransactionRow } from './transactions.table.js';

export interface TransactionFilters extends TimeRangeFilters {
  direction?: Direction;
  channel?: Channel;
}

/** The columns of a transaction row, in the order the SQLite fast path binds them. */
export const TRANSACTION_COLUMNS = [
  'id',
  'tenant_id',
  'environment',
  'profile_id',
  'external_id',
  'occurred_at',
  'amount_minor',
  'direction',
  'channel',
  'counterparty_id',
  'counterparty_name',
  'counterparty_type',
  'counterparty_relationship',
  'counterparty_country',
  'merchant_category_code',
  'description',
  'country',
  'device_id',
  'initiated_by',
  'balance_after_minor',
  'metadata',
  'created_at',
] as const satisfies readonly (keyof TransactionRow)[];

export function toTransaction(row: Omit<TransactionRow, 'evaluation'>): Transaction {
  return {
    id: row.id,
    profileId: row.profile_id,
    externalId: row.external_id,
    occurredAtMs: row.occurred_at,
    amountMinor: row.amount_minor,
    direction: row.direction as Direction,
    channel: row.channel as Channel,
    counterpartyId: row.counterparty_id,
    counterpartyName: row.counterparty_name,
    counterpartyType: row.counterparty_type as CounterpartyType | null,
    counterpartyRelationship: row.counterparty_relationship as CounterpartyRelationship | null,
    counterpartyCountry: row.counterparty_country,
    merchantCategoryCode: row.merchant_category_code,
    description: row.description,
    country: row.country,
    deviceId: row.device_id,
    initiatedBy: row.initiated_by as Initiator | null,
    balanceAfterMinor: row.balance_after_minor,
    metadata: parseJson<Record<string, unknown>>(row.metadata),
    createdAtMs: row.created_at,
  };
}

/** Transactions: the shared activity store, plus what only money movements have. */
export function createTransactionsStore(db: Db) {
  return {
    ...createActivityStore<TransactionRow, Transaction, TransactionFilters>(db, {
      table: 'transactions',
      columns: TRANSACTION_COLUMNS,
      toItem: toTransaction,
      equalities: (filters) => [
        ...(filters.direction === undefined ? [] : [['direction', filters.direction] as const]),
        ...(filters.channel === undefined ? [] : [['channel', filters.channel] as const]),
      ],
    }),

    async hasAny(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
    ): Promise<boolean> {
      const row = await executor
        .selectFrom('transactions')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
export type TransactionsStore = ReturnType<typeof createTransactionsStore>;
