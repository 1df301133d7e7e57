import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { Page } from '../api/types';

/**
 * One page of a cursor list at a time (api.md §4): Next follows next_cursor, Previous goes back
 * through the cursors already seen. A change of key (filters) starts again at the first page.
 */
export function useCursorList<T>(
  key: readonly unknown[],
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  options: { pollWhile?: (row: T) => boolean; pollMs?: number } = {},
) {
  const keyText = JSON.stringify(key);
  const [state, setState] = useState<{ keyText: string; cursors: (string | undefined)[] }>({
    keyText,
    cursors: [undefined],
  });
  const cursors = state.keyText === keyText ? state.cursors : [undefined];
  if (state.keyText !== keyText) setState({ keyText, cursors });
  const cursor = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: [...key, 'page', cursor ?? null],
    queryFn: () => fetchPage(cursor),
    placeholderData: keepPreviousData,
    // Re-read the page while any row on it is still changing (a batch run in progress).
    refetchInterval: (q) =>
      options.pollWhile && q.state.data?.data.some(options.pollWhile) ? (options.pollMs ?? 1500) : false,
  });
  const nextCursor = query.data?.has_more ? query.data.next_cursor : null;
  return {
    query,
    rows: query.data?.data ?? [],
    pageNumber: cursors.length,
    hasPrevious: cursors.length > 1,
    hasNext: nextCursor !== null,
    next: () => {
      if (nextCursor !== null) setState({ keyText, cursors: [...cursors, nextCursor] });
    },
    previous: () => {
      if (cursors.length > 1) setState({ keyText, cursors: cursors.slice(0, -1) });
    },
  };
}
