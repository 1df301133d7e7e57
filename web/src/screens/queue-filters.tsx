import { useQuery } from '@tanstack/react-query';
import { SEVERITIES, SIGNAL_CATEGORIES } from '../../../src/domain/values/enums';
import { api } from '../api/client';
import type { Page, SignalCounts, User } from '../api/types';
import { label } from '../lib/format';
import { QUEUE_SORTS, SORT_LABELS, type QueueFilters, type QueueSort } from '../lib/queue-params';

/** Counts of ACTIVE signals per severity; each is a button that filters the queue to it. */
export function SeverityCounts(props: {
  counts: SignalCounts | undefined;
  current: QueueFilters['severity'];
  onPick: (severity: QueueFilters['severity']) => void;
}) {
  if (!props.counts) return null;
  return (
    <ul className="counts" aria-label="Active signals per severity">
      {[...SEVERITIES].reverse().map((severity) => (
        <li key={severity}>
          <button
            type="button"
            className={`count sev-${severity.toLowerCase()}`}
            aria-pressed={props.current === severity}
            onClick={() => props.onPick(props.current === severity ? null : severity)}
            data-testid={`count-${severity}`}
          >
            <strong>{props.counts?.counts[severity] ?? 0}</strong> {label(severity)}
          </button>
        </li>
      ))}
      <li className="muted">{props.counts.total} active in all</li>
    </ul>
  );
}

export function QueueFilterBar(props: { filters: QueueFilters; onChange: (next: QueueFilters) => void }) {
  const { filters, onChange } = props;
  return (
    <form className="filters" aria-label="Queue filters" onSubmit={(e) => e.preventDefault()}>
      <div>
        <label htmlFor="q-sort">Sort</label>
        <select
          id="q-sort"
          value={filters.sort}
          onChange={(e) => onChange({ ...filters, sort: e.target.value as QueueSort })}
        >
          {QUEUE_SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {SORT_LABELS[sort]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="q-severity">Severity</label>
        <select
          id="q-severity"
          value={filters.severity ?? ''}
          onChange={(e) =>
            onChange({ ...filters, severity: (e.target.value || null) as QueueFilters['severity'] })
          }
        >
          <option value="">Any</option>
          {SEVERITIES.map((s) => (
            <option key={s} value={s}>
              {label(s)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="q-category">Category</label>
        <select
          id="q-category"
          value={filters.category ?? ''}
          onChange={(e) =>
            onChange({ ...filters, category: (e.target.value || null) as QueueFilters['category'] })
          }
        >
          <option value="">Any</option>
          {SIGNAL_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {label(c)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="q-assignee">Assignee</label>
        <select
          id="q-assignee"
          value={filters.assignee ?? ''}
          onChange={(e) => onChange({ ...filters, assignee: e.target.value || null })}
        >
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="unassigned">Unassigned</option>
        </select>
      </div>
      <div>
        <label htmlFor="q-min">Minimum at risk ($)</label>
        <input
          id="q-min"
          type="number"
          min={0}
          step={100}
          inputMode="decimal"
          value={filters.minAmount ?? ''}
          onChange={(e) =>
            onChange({ ...filters, minAmount: e.target.value === '' ? null : Number(e.target.value) })
          }
        />
      </div>
    </form>
  );
}

/** Assign the selection to an active user of the tenant (first 100 users; supervisors with users:manage). */
export function AssignTo({ onPick }: { onPick: (userId: string) => void }) {
  const users = useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: () => api.get<Page<User>>('/users', { limit: 100 }),
  });
  return (
    <span>
      <label htmlFor="assign-to" className="inline">
        Assign to
      </label>
      <select
        id="assign-to"
        value=""
        onChange={(e) => {
          if (e.target.value !== '') onPick(e.target.value);
        }}
      >
        <option value="">Choose an analyst…</option>
        {(users.data?.data ?? [])
          .filter((u) => u.status === 'ACTIVE')
          .map((u) => (
            <option key={u.id} value={u.id}>
              {u.name ?? u.email} ({u.role})
            </option>
          ))}
      </select>
    </span>
  );
}
