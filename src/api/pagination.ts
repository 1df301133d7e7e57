import { decodeCursor, encodeCursor, type CursorPosition } from '../lib/cursor.js';
import { apiError } from './errors.js';

export interface PageRequest {
  /** Rows to fetch: one more than the page, to learn whether another page follows. */
  fetch: number;
  limit: number;
  afterId: string | undefined;
  /** Set for cursors of time-ordered lists. */
  afterAtMs: number | undefined;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Reads ?limit= and ?cursor= (api.md §4); a cursor we did not issue is a 400. */
export function pageRequest(
  query: { limit?: number; cursor?: string },
  order: 'created' | 'time' = 'created',
): PageRequest {
  const limit = query.limit ?? 50;
  let position: CursorPosition | undefined;
  if (query.cursor !== undefined) {
    position = decodeCursor(query.cursor);
    // A time-ordered list only takes cursors it issued itself (they carry the time).
    if (position === undefined || (order === 'time' && position.atMs === undefined)) {
      throw apiError('VALIDATION_ERROR', 'cursor is invalid');
    }
  }
  return { fetch: limit + 1, limit, afterId: position?.id, afterAtMs: position?.atMs };
}

/**
 * Cuts the extra row off and presents the rest as a list body. `positionOf` says where the next
 * page starts; by default the row's ID (lists ordered by creation).
 */
export function toPage<T extends { id: string }, W>(
  rows: T[],
  page: PageRequest,
  present: (row: T) => W,
  positionOf: (row: T) => CursorPosition = (row) => ({ id: row.id }),
): Page<W> {
  const hasMore = rows.length > page.limit;
  const kept = hasMore ? rows.slice(0, page.limit) : rows;
  const last = kept[kept.length - 1];
  return {
    data: kept.map(present),
    has_more: hasMore,
    next_cursor: hasMore && last ? encodeCursor(positionOf(last)) : null,
  };
}
