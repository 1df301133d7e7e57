import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Environment } from '../domain/values/enums.js';
import type { Db } from '../store/create-db.js';
import { afterTimePosition } from '../store/time-cursor.js';
import { parseJson, type Executor } from '../store/transaction.js';

/** The columns every activity table has: what ingestion, deduplication and time-ordered lists use. */
interface ActivityRow {
  id: string;
  tenant_id: string;
  environment: string;
  profile_id: string;
  external_id: string;
  occurred_at: number;
  evaluation: string | null;
}

/** One activity table seen through its shared columns (the table name is the spec's, at run time). */
type ActivityDb = Kysely<Record<string, ActivityRow>>;

export interface ActivityTableSpec<Row, Item, Filters> {
  table: 'transactions' | 'account_events';
  /** The columns an insert binds, in order (also the columns history reads select). */
  columns: readonly (keyof Row & string)[];
  toItem: (row: Row) => Item;
  /** The kind's own list filters as column = value conditions (time range and paging are shared). */
  equalities: (filters: Filters) => (readonly [column: keyof Row & string, value: string])[];
}

export interface TimeRangeFilters {
  fromMs?: number;
  toMs?: number;
}

// PostgreSQL allows 65,535 parameters per statement: 22 columns × 1,000 rows stays under it.
const PG_ROWS_PER_INSERT = 1000;
const EXTERNAL_IDS_PER_QUERY = 500;

/** SQLite fast path: one prepared statement, run per row inside the caller's transaction. */
function sqliteInserter<Row>(
  sqlite: SQLite.Database,
  table: string,
  columns: readonly (keyof Row & string)[],
) {
  const statement = sqlite.prepare<unknown[], { id: string }>(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
     ON CONFLICT (profile_id, external_id) DO NOTHING RETURNING id`,
  );
  return (rows: readonly Row[]): Set<string> => {
    const inserted = new Set<string>();
    for (const row of rows) {
      const result = statement.get(...columns.map((column) => row[column] ?? null));
      if (result) inserted.add(result.id);
    }
    return inserted;
  };
}

/**
 * What the stores of transactions and account events share: deduplicating insert, lookup by
 * external ID, one item by ID, and the newest-first keyset list of a profile's items.
 */
export function createActivityStore<Row, Item, Filters extends TimeRangeFilters>(
  db: Db,
  spec: ActivityTableSpec<Row, Item, Filters>,
) {
  const { table } = spec;
  const insertSqlite = db.sqlite ? sqliteInserter(db.sqlite, table, spec.columns) : undefined;
  const activity = (executor: Executor) => executor as unknown as ActivityDb;
  const scoped = (executor: Executor, tenantId: string, environment: Environment, profileId: string) =>
    activity(executor)
      .selectFrom(table)
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment)
      .where('profile_id', '=', profileId);

  return {
    /**
     * Inserts rows, skipping those whose (profile, external_id) exists already (also within the batch
     * and under concurrent requests); returns the IDs actually inserted.
     */
    async insertMany(trx: Executor, rows: readonly Row[]): Promise<Set<string>> {
      if (insertSqlite) return insertSqlite(rows);
      const inserted = new Set<string>();
      for (let i = 0; i < rows.length; i += PG_ROWS_PER_INSERT) {
        const result = await activity(trx)
          .insertInto(table)
          .values(rows.slice(i, i + PG_ROWS_PER_INSERT) as unknown as ActivityRow[])
          .onConflict((oc) => oc.columns(['profile_id', 'external_id']).doNothing())
          .returning('id')
          .execute();
        for (const { id } of result) inserted.add(id);
      }
      return inserted;
    },

    /** IDs of the stored items of a profile with these external IDs. */
    async findIdsByExternalId(
      trx: Executor,
      profileId: string,
      externalIds: readonly string[],
    ): Promise<Map<string, string>> {
      const found = new Map<string, string>();
      for (let i = 0; i < externalIds.length; i += EXTERNAL_IDS_PER_QUERY) {
        const rows = await activity(trx)
          .selectFrom(table)
          .select(['id', 'external_id'])
          .where('profile_id', '=', profileId)
          .where('external_id', 'in', externalIds.slice(i, i + EXTERNAL_IDS_PER_QUERY))
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
    ): Promise<(Item & { evaluation: unknown }) | undefined> {
      const row = await scoped(db.kysely, tenantId, environment, profileId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...spec.toItem(row as Row), evaluation: parseJson<object>(row.evaluation) };
    },

    /** A page of a profile's items, newest occurred_at first. */
    async list(
      tenantId: string,
      environment: Environment,
      profileId: string,
      filters: Filters,
      page: { afterId?: string; afterAtMs?: number; limit: number },
    ): Promise<Item[]> {
      let q = scoped(db.kysely, tenantId, environment, profileId);
      if (filters.fromMs !== undefined) q = q.where('occurred_at', '>=', filters.fromMs);
      if (filters.toMs !== undefined) q = q.where('occurred_at', '<', filters.toMs);
      for (const [column, value] of spec.equalities(filters))
        q = q.where(column as keyof ActivityRow, '=', value);
      const { afterId, afterAtMs } = page;
      if (afterId !== undefined && afterAtMs !== undefined)
        q = q.where(afterTimePosition({ afterAtMs, afterId }));
      const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map((row) => spec.toItem(row as Row));
    },

    /** A profile's items with occurred_at in [fromMs, toMs), oldest first: the input of baselines and rules. */
    async listHistory(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
      fromMs: number,
      toMs: number,
    ): Promise<Item[]> {
      // Not the evaluation: scoring never reads it, and it is the largest column of a scored row.
      const rows = await activity(executor)
        .selectFrom(table)
        .select(spec.columns as unknown as (keyof ActivityRow)[])
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .where('occurred_at', '>=', fromMs)
        .where('occurred_at', '<', toMs)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      return rows.map((row) => spec.toItem(row as unknown as Row));
    },
  };
}
export type ActivityStore<Row, Item, Filters extends TimeRangeFilters> = ReturnType<
  typeof createActivityStore<Row, Item, Filters>
>;
