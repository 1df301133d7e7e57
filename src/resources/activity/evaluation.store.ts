import type { Executor } from '../../store/transaction.js';
import type { Db } from '../../store/create-db.js';

/**
 * Writes an item's evaluation (transactions and account events alike). Scoring writes one per item,
 * so on SQLite two statements prepared once run inside the caller's transaction instead of a built
 * query each; with `onlyIfMissing` (batch runs) an item scored before keeps its evaluation.
 */
export function evaluationWriter(db: Db, table: 'transactions' | 'account_events') {
  const sqlite = db.sqlite;
  const always = sqlite?.prepare(`UPDATE ${table} SET evaluation = ? WHERE id = ?`);
  const ifMissing = sqlite?.prepare(`UPDATE ${table} SET evaluation = ? WHERE id = ? AND evaluation IS NULL`);
  return async (
    trx: Executor,
    id: string,
    evaluation: string,
    options: { onlyIfMissing?: boolean } = {},
  ): Promise<void> => {
    const statement = options.onlyIfMissing ? ifMissing : always;
    if (statement) {
      statement.run(evaluation, id);
      return;
    }
    let q = trx.updateTable(table).set({ evaluation }).where('id', '=', id);
    if (options.onlyIfMissing) q = q.where('evaluation', 'is', null);
    await q.execute();
  };
}
