import { sql, type Expression, type SqlBool } from 'kysely';
import { isUuid } from '../../lib/ids.js';

/** The orders of the analyst's queue (`GET /signals?sort=`); a leading "-" reverses the key. */
export const SIGNAL_SORTS = [
  'severity',
  '-severity',
  'amount_at_risk',
  '-amount_at_risk',
  'age',
  '-age',
] as const;
export type SignalSort = (typeof SIGNAL_SORTS)[number];

/** Where a sorted page ends: the sort it was made for, the key of its last row, and that row's ID. */
export interface QueuePosition {
  sort: SignalSort;
  key: number;
  id: string;
}

// LOW < MEDIUM < HIGH < CRITICAL as numbers, computed in SQL so both dialects sort alike.
const SEVERITY_RANK = sql<number>`(case severity when 'LOW' then 1 when 'MEDIUM' then 2 when 'HIGH' then 3 when 'CRITICAL' then 4 else 0 end)`;

interface SortSpec {
  key: Expression<number>;
  /** Direction of the key. */
  direction: 'asc' | 'desc';
  /** Direction of the ID that breaks ties. */
  tie: 'asc' | 'desc';
  keyOf: (signal: { severity: string; amountAtRiskMinor: number; createdAtMs: number }) => number;
}

const RANKS: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

/**
 * Ties are broken newest first (ID descending), as every list of the API orders; `-age` (oldest
 * first) breaks them oldest first, so it is exactly the reverse of `age`.
 */
export const SORT_SPECS: Record<SignalSort, SortSpec> = {
  severity: { key: SEVERITY_RANK, direction: 'asc', tie: 'desc', keyOf: (r) => RANKS[r.severity] ?? 0 },
  '-severity': { key: SEVERITY_RANK, direction: 'desc', tie: 'desc', keyOf: (r) => RANKS[r.severity] ?? 0 },
  amount_at_risk: {
    key: sql<number>`amount_at_risk_minor`,
    direction: 'asc',
    tie: 'desc',
    keyOf: (r) => r.amountAtRiskMinor,
  },
  '-amount_at_risk': {
    key: sql<number>`amount_at_risk_minor`,
    direction: 'desc',
    tie: 'desc',
    keyOf: (r) => r.amountAtRiskMinor,
  },
  // Age is time in the queue: `age` is the youngest first, `-age` the oldest first.
  age: { key: sql<number>`created_at`, direction: 'desc', tie: 'desc', keyOf: (r) => r.createdAtMs },
  '-age': { key: sql<number>`created_at`, direction: 'asc', tie: 'asc', keyOf: (r) => r.createdAtMs },
};

/** Rows strictly after a position in the order of its sort (the keyset condition). */
export function afterQueuePosition(position: QueuePosition): Expression<SqlBool> {
  const spec = SORT_SPECS[position.sort];
  const keyOp = sql.raw(spec.direction === 'asc' ? '>' : '<');
  const idOp = sql.raw(spec.tie === 'asc' ? '>' : '<');
  return sql<SqlBool>`(${spec.key} ${keyOp} ${position.key} or (${spec.key} = ${position.key} and id ${idOp} ${position.id}))`;
}

/** Opaque cursor of a sorted page; it is refused by a request with another sort. */
export function encodeQueueCursor(position: QueuePosition): string {
  return Buffer.from(`q|${position.sort}|${position.key}|${position.id}`, 'utf8').toString('base64url');
}

export function decodeQueueCursor(cursor: string, sort: SignalSort): QueuePosition | undefined {
  const [tag, cursorSort, key, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (tag !== 'q' || cursorSort !== sort || id === undefined || !isUuid(id)) return undefined;
  const value = Number(key);
  return Number.isSafeInteger(value) ? { sort, key: value, id } : undefined;
}
