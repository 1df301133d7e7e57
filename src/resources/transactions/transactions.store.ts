import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
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
import type { Database } from '../../store/database.js';
import { afterTimePosition } from '../../store/time-cursor.js';
import { parseJson, type Executor } from '../../store/transaction.js';
import type { NewTransactionRow, TransactionRow } from './transactions.table.js';

export interface TransactionFilters {
  fromMs?: number;
  toMs?: number;
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
] as const satisfies readonly (keyof NewTransactionRow)[];

// PostgreSQL allows 65,535 parameters per statement: 22 columns × 1,000 rows stays under it.
const PG_ROWS_PER_INSERT = 1000;

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

/** SQLite fast path: one prepared statement, run per row inside the caller's transaction. */
function sqliteInserter(sqlite: SQLite.Database) {
  const statement = sqlite.prepare<unknown[], { id: string }>(
    `INSERT INTO transactions (${TRANSACTION_COLUMNS.join(', ')}) VALUES (${TRANSACTION_COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (profile_id, external_id) DO NOTHING RETURNING id`,
  );
  return (rows: readonly NewTransactionRow[]): Set<string> => {
    const inserted = new Set<string>();
    for (const row of rows) {
      const result = statement.get(...TRANSACTION_COLUMNS.map((column) => row[column] ?? null));
      if (result) inserted.add(result.id);
    }
    return inserted;
  };
}

export function createTransactionsStore(db: Db) {
  const kysely: Kysely<Database> = db.kysely;
  const insertSqlite = db.sqlite ? sqliteInserter(db.sqlite) : undefined;

  return {
    /**
     * Inserts rows, skipping those whose (profile, external_id) exists already (also within the batch
     * and under concurrent requests); returns the IDs actually inserted.
     */
    async insertMany(trx: Executor, rows: readonly NewTransactionRow[]): Promise<Set<string>> {
      if (insertSqlite) return insertSqlite(rows);
      const inserted = new Set<string>();
      for (let i = 0; i < rows.length; i += PG_ROWS_PER_INSERT) {
        const chunk = rows.slice(i, i + PG_ROWS_PER_INSERT);
        const result = await trx
          .insertInto('transactions')
          .values(chunk)
          .onConflict((oc) => oc.columns(['profile_id', 'external_id']).doNothing())
          .returning('id')
          .execute();
        for (const { id } of result) inserted.add(id);
      }
      return inserted;
    },

    /** IDs of the stored transactions of a profile with these external IDs. */
    async findIdsByExternalId(
      trx: Executor,
      profileId: string,
      externalIds: readonly string[],
    ): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (let i = 0; i < externalIds.length; i += 500) {
        const rows = await trx
          .selectFrom('transactions')
          .select(['id', 'external_id'])
          .where('profile_id', '=', profileId)
          .where('external_id', 'in', externalIds.slice(i, i + 500))
          .execute();
        for (const row of rows) found.set(row.external_id, row.id);
      }
      return found;
    },

    async findById(
      tenantId: string,
      environment: Environment,
      profileId: string,
      id: string,
    ): Promise<(Transaction & { evaluation: unknown }) | undefined> {
      const row = await kysely
        .selectFrom('transactions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...toTransaction(row), evaluation: parseJson<object>(row.evaluation) };
    },

    /** A page of a profile's transactions, newest occurred_at first. */
    async list(
      tenantId: string,
      environment: Environment,
      profileId: string,
      filters: TransactionFilters,
      page: { afterId?: string; afterAtMs?: number; limit: number },
    ): Promise<Transaction[]> {
      let q = kysely
        .selectFrom('transactions')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId);
      if (filters.fromMs !== undefined) q = q.where('occurred_at', '>=', filters.fromMs);
      if (filters.toMs !== undefined) q = q.where('occurred_at', '<', filters.toMs);
      if (filters.direction !== undefined) q = q.where('direction', '=', filters.direction);
      if (filters.channel !== undefined) q = q.where('channel', '=', filters.channel);
      const { afterId, afterAtMs } = page;
      if (afterId !== undefined && afterAtMs !== undefined)
        q = q.where(afterTimePosition({ afterAtMs, afterId }));
      const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toTransaction);
    },

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

    /** A profile's transactions with occurred_at in [fromMs, toMs), oldest first: the input of baselines. */
    async listHistory(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
      fromMs: number,
      toMs: number,
    ) {
      // Not the evaluation: scoring never reads it, and it is the largest column of a scored row.
      const rows = await executor
        .selectFrom('transactions')
        .select(TRANSACTION_COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .where('occurred_at', '>=', fromMs)
        .where('occurred_at', '<', toMs)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      return rows.map(toTransaction);
    },
  };
}
export type TransactionsStore = ReturnType<typeof createTransactionsStore>;
