import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * Rows after a cursor position in a list ordered newest first by (occurred_at, id): the keyset
 * condition shared by every time-ordered list (transactions, account events).
 */
export function afterTimePosition(position: { afterAtMs: number; afterId: string }): Expression<SqlBool> {
  const { afterAtMs, afterId } = position;
  return sql<SqlBool>`(occurred_at < ${afterAtMs} or (occurred_at = ${afterAtMs} and id < ${afterId}))`;
}
