import {
  SEVERITIES,
  SIGNAL_CATEGORIES,
  type Severity,
  type SignalCategory,
} from '../../../src/domain/values/enums';

export const QUEUE_SORTS = [
  '-severity',
  'severity',
  '-amount_at_risk',
  'amount_at_risk',
  '-age',
  'age',
] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const SORT_LABELS: Record<QueueSort, string> = {
  '-severity': 'Severity, highest first',
  severity: 'Severity, lowest first',
  '-amount_at_risk': 'Amount at risk, largest first',
  amount_at_risk: 'Amount at risk, smallest first',
  '-age': 'Oldest first',
  age: 'Newest first',
};

/** The queue's filters, kept in the URL so a view can be bookmarked and shared. */
export interface QueueFilters {
  sort: QueueSort;
  severity: Severity | null;
  category: SignalCategory | null;
  assignee: string | null;
  minAmount: number | null;
}

export const DEFAULT_SORT: QueueSort = '-severity';

function oneOf<T extends string>(values: readonly T[], raw: string | null): T | null {
  return raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : null;
}

export function parseQueueFilters(params: URLSearchParams): QueueFilters {
  const assignee = params.get('assignee');
  const min = Number(params.get('min_amount'));
  return {
    sort: oneOf(QUEUE_SORTS, params.get('sort')) ?? DEFAULT_SORT,
    severity: oneOf(SEVERITIES, params.get('severity')),
    category: oneOf(SIGNAL_CATEGORIES, params.get('category')),
    assignee:
      assignee === 'me' || assignee === 'unassigned' || /^[0-9a-f-]{36}$/i.test(assignee ?? '')
        ? assignee
        : null,
    minAmount: params.get('min_amount') !== null && Number.isFinite(min) && min > 0 ? min : null,
  };
}

export function toSearchParams(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  if (filters.severity) params.set('severity', filters.severity);
  if (filters.category) params.set('category', filters.category);
  if (filters.assignee) params.set('assignee', filters.assignee);
  if (filters.minAmount !== null) params.set('min_amount', String(filters.minAmount));
  return params;
}

/** The GET /signals query for these filters (issue-10 contract names). */
export function toApiQuery(filters: QueueFilters): Record<string, string | number | undefined> {
  return {
    status: 'ACTIVE',
    sort: filters.sort,
    severity: filters.severity ?? undefined,
    category: filters.category ?? undefined,
    assignee: filters.assignee ?? undefined,
    min_amount_at_risk: filters.minAmount ?? undefined,
  };
}

export function hasFilters(filters: QueueFilters): boolean {
  return (
    filters.severity !== null ||
    filters.category !== null ||
    filters.assignee !== null ||
    filters.minAmount !== null
  );
}

/** Why the queue is empty, in words: the filters hide everything, or there is nothing to review. */
export function emptyQueueReason(filters: QueueFilters): string {
  if (!hasFilters(filters)) return 'No active signals: every signal in this environment has been reviewed.';
  const parts: string[] = [];
  if (filters.severity) parts.push(`severity ${filters.severity}`);
  if (filters.category) parts.push(`category ${filters.category}`);
  if (filters.assignee === 'me') parts.push('assigned to you');
  else if (filters.assignee === 'unassigned') parts.push('unassigned');
  else if (filters.assignee) parts.push('assigned to the chosen analyst');
  if (filters.minAmount !== null) parts.push(`at least ${filters.minAmount} at risk`);
  return `No active signals match these filters (${parts.join(', ')}). Clear the filters to see the whole queue.`;
}
