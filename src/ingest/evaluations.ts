import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { ScoredItem } from '../domain/detection/types.js';
import type { Db } from '../store/create-db.js';
import type { Executor } from '../store/transaction.js';

/** An item's evaluation to store (api.md §5.2: what scoring concluded about it). */
export interface PendingEvaluation {
  id: string;
  evaluation: string;
}

export type ItemTable = 'transactions' | 'account_events';

/**
 * Stores evaluations of transactions or account events in the caller's transaction. With
 * `onlyIfMissing` (batch runs) an item scored before keeps the evaluation it got then. Scoring writes
 * one per item: on PostgreSQL one statement per 1000 items instead of a round trip each, on SQLite a
 * statement prepared once and run per item instead of a query built and compiled each time.
 */
export type EvaluationWriter = (
  trx: Executor,
  table: ItemTable,
  items: readonly PendingEvaluation[],
  options?: { onlyIfMissing?: boolean },
) => Promise<void>;

const PG_ROWS_PER_UPDATE = 1000;

function sqliteWriter(sqlite: SQLite.Database): EvaluationWriter {
  const statements = new Map<string, SQLite.Statement<[string, string]>>();
  // Prepared on first use: the tables exist once the migrations have run.
  const statementFor = (table: ItemTable, onlyIfMissing: boolean) => {
    const key = `${table}|${String(onlyIfMissing)}`;
    let statement = statements.get(key);
    if (!statement) {
      statement = sqlite.prepare<[string, string]>(
        `UPDATE ${table} SET evaluation = ? WHERE id = ?${onlyIfMissing ? ' AND evaluation IS NULL' : ''}`,
      );
      statements.set(key, statement);
    }
    return statement;
  };
  return (_trx, table, items, options = {}) => {
    const statement = statementFor(table, options.onlyIfMissing ?? false);
    for (const item of items) statement.run(item.evaluation, item.id);
    return Promise.resolve();
  };
}

const postgresWrite: EvaluationWriter = async (trx, table, items, options = {}) => {
  for (let i = 0; i < items.length; i += PG_ROWS_PER_UPDATE) {
    const values = items
      .slice(i, i + PG_ROWS_PER_UPDATE)
      .map((item) => sql`(${item.id}, ${item.evaluation})`);
    const keep = options.onlyIfMissing ? sql` AND t.evaluation IS NULL` : sql``;
    await sql`UPDATE ${sql.table(table)} AS t SET evaluation = v.evaluation
      FROM (VALUES ${sql.join(values)}) AS v(id, evaluation)
      WHERE t.id = v.id${keep}`.execute(trx);
  }
};

export function createEvaluationWriter(db: Pick<Db, 'sqlite'>): EvaluationWriter {
  return db.sqlite ? sqliteWriter(db.sqlite) : postgresWrite;
}

/**
 * Evaluations of a scoring pass, written together at its end (same transaction): on PostgreSQL one
 * statement per 1000 items. Each flush writes what was added since the last one.
 */
export function collectEvaluations(write: EvaluationWriter, options: { onlyIfMissing?: boolean } = {}) {
  const transactions: PendingEvaluation[] = [];
  const events: PendingEvaluation[] = [];
  return {
    add(item: ScoredItem, evaluation: string): void {
      if (item.kind === 'transaction') transactions.push({ id: item.transaction.id, evaluation });
      else events.push({ id: item.event.id, evaluation });
    },
    async flush(trx: Executor): Promise<void> {
      if (transactions.length > 0) await write(trx, 'transactions', transactions.splice(0), options);
      if (events.length > 0) await write(trx, 'account_events', events.splice(0), options);
    },
  };
}
