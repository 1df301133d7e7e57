import type { Actor } from '../../api/context.js';
import { readTimestamp } from '../../domain/values/dates.js';
import { apiError } from '../../api/errors.js';
import { pageRequest, type Page } from '../../api/pagination.js';
import { encodeCursor } from '../../lib/cursor.js';
import { decodeQueueCursor, encodeQueueCursor, SORT_SPECS, type SignalSort } from './signal-queue.js';
import type { ListSignalsQuery } from './signals.schemas.js';
import type { SignalFilters, SignalListPage } from './signals.store.js';
import type { SignalRecord } from './signal.js';

const time = (value: string | undefined) => (value === undefined ? undefined : readTimestamp(value));
const latest = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));
const earliest = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));

/**
 * `assignee` as a filter: `unassigned` is null, `me` the signed-in user. An API key is nobody's
 * colleague, so `me` without a user is a 400 rather than an empty list that looks like a clean queue.
 */
export function assigneeFilter(value: string | undefined, actor: Actor): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === 'unassigned') return null;
  if (value !== 'me') return value.toLowerCase();
  if (actor.userId === null)
    throw apiError('VALIDATION_ERROR', 'assignee=me needs a signed-in user; an API key has no assignments');
  return actor.userId;
}

/** The query of GET /signals and GET /signals/counts as store filters (both spellings of the range and category). */
export function toSignalFilters(q: Partial<ListSignalsQuery>, actor: Actor): SignalFilters {
  return {
    status: q.status,
    severity: q.severity,
    category: q.signal_category ?? q.category,
    profileId: q.profile_id,
    ruleId: q.rule_id,
    createdAfterMs: latest(time(q.created_after), time(q.created_from)),
    createdBeforeMs: earliest(time(q.created_before), time(q.created_to)),
    assigneeId: assigneeFilter(q.assignee, actor),
    minAmountAtRiskMinor:
      q.min_amount_at_risk === undefined ? undefined : Math.ceil(q.min_amount_at_risk * 100 - 1e-6),
  };
}

/** ?limit, ?cursor and ?sort: a sorted list only takes the cursors it issued for the same sort. */
export function toSignalPage(q: { limit?: number; cursor?: string; sort?: SignalSort }): {
  limit: number;
  store: SignalListPage;
} {
  if (q.sort === undefined) {
    const page = pageRequest(q);
    return { limit: page.limit, store: { limit: page.fetch, afterId: page.afterId } };
  }
  const limit = q.limit ?? 50;
  const after = q.cursor === undefined ? undefined : decodeQueueCursor(q.cursor, q.sort);
  if (q.cursor !== undefined && after === undefined) throw apiError('VALIDATION_ERROR', 'cursor is invalid');
  return { limit, store: { limit: limit + 1, sort: q.sort, after } };
}

/** The list body of a signal page; the cursor of a sorted page carries the sort key of its last row. */
export function toSignalListBody<W>(
  rows: SignalRecord[],
  page: { limit: number; store: SignalListPage },
  present: (s: SignalRecord) => W,
): Page<W> {
  const sort = page.store.sort;
  const hasMore = rows.length > page.limit;
  const kept = hasMore ? rows.slice(0, page.limit) : rows;
  const last = kept[kept.length - 1];
  let nextCursor: string | null = null;
  if (hasMore && last) {
    nextCursor =
      sort === undefined
        ? encodeCursor({ id: last.id })
        : encodeQueueCursor({ sort, key: SORT_SPECS[sort].keyOf(last), id: last.id });
  }
  return { data: kept.map(present), has_more: hasMore, next_cursor: nextCursor };
}
