import type SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import type { Db } from '../../store/create-db.js';
import type { Executor } from '../../store/transaction.js';

/** An item's evaluation to store, unless it has one already. */
export interface PendingEvaluation {
  id: string;
  evaluation: string;
}

export type ItemTable = 'transactions' | 'account_events';

/**
 * Stores a profile's evaluations in the caller's transaction, keeping any an item already has (an
 * item scored before keeps the evaluation it got then). A batch run writes one per item of its
 * window: one PostgreSQL statement per 1000 items instead of a round trip each, and on SQLite one
 * prepared statement run per item instead of a query built and compiled each time.
 */
export type EvaluationWriter = (
  trx: Executor,
  table: ItemTable,
  items: readonly PendingEvaluation[],
) => Promise<void>;

const PG_ROWS_PER_UPDATE = 1000;

function sqliteWriter(sqlite: SQLite.Database): EvaluationWriter {
  const statements = new Map<ItemTable, SQLite.Statement<[string, string]>>();
  // Prepared on first use: the tables exist once the migrations have run.
  const statementFor = (table: ItemTable) => {
    let statement = statements.get(table);
    if (!statement) {
      statement = sqlite.prepare<[string, string]>(
        `UPDATE ${table} SET evaluation = ? WHERE id = ? AND evaluation IS NULL`,
      );
      statements.set(table, statement);
    }
    return statement;
  };
  return (_trx, table, items) => {
    const statement = statementFor(table);
    for (const item of items) statement.run(item.evaluation, item.id);
    return Promise.resolve();
  };
}

async function postgresWrite(trx: Executor, table: ItemTable, items: readonly PendingEvaluation[]) {
  for (let i = 0; i < items.length; i += PG_ROWS_PER_UPDATE) {
    const values = items
      .slice(i, i + PG_ROWS_PER_UPDATE)
      .map((item) => sql`(${item.id}, ${item.evaluation})`);
    await sql`UPDATE ${sql.table(table)} AS t SET evaluation = v.evaluation
      FROM (VALUES ${sql.join(values)}) AS v(id, evaluation)
      WHERE t.id = v.id AND t.evaluation IS NULL`.execute(trx);
  }
}

export function createEvaluationWriter(db: Pick<Db, 'sqlite'>): EvaluationWriter {
  return db.sqlite ? sqliteWriter(db.sqlite) : postgresWrite;
}
