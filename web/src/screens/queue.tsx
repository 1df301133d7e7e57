import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import { useSession } from '../api/session';
import { useAssign, useBulkReview, useReview } from '../api/signal-actions';
import type { Page, Signal, SignalCounts } from '../api/types';
import { ReviewDialog, type ReviewInput } from '../components/review-dialog';
import { useCursorList } from '../components/use-cursor-list';
import { ErrorMessage, Loading, Pager, SeverityBadge } from '../components/ui';
import { age, label, money } from '../lib/format';
import { queueKeyAction } from '../lib/queue-keys';
import { AssignTo, QueueFilterBar, SeverityCounts } from './queue-filters';
import {
  emptyQueueReason,
  parseQueueFilters,
  toApiQuery,
  toSearchParams,
  type QueueFilters,
} from '../lib/queue-params';

type Pending = { status: 'CONFIRMED' | 'DISMISSED'; signalIds: string[] } | null;

function isField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(target.tagName);
}

export function Queue() {
  const { session, can } = useSession();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters = parseQueueFilters(params);
  const setFilters = (next: QueueFilters) => setParams(toSearchParams(next));
  const list = useCursorList(['signals', 'queue', toApiQuery(filters)], (cursor) =>
    api.get<Page<Signal>>('/signals', { ...toApiQuery(filters), cursor, limit: 25 }),
  );
  const counts = useQuery({
    queryKey: ['counts', 'ACTIVE'],
    queryFn: () => api.get<SignalCounts>('/signals/counts', { status: 'ACTIVE' }),
  });
  const [focus, setFocus] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending>(null);
  const [message, setMessage] = useState<string | null>(null);
  const review = useReview();
  const bulk = useBulkReview();
  const assign = useAssign();
  const rows = list.rows;
  const meId = session?.user.id ?? null;
  // Listing users needs users:manage; a supervisor without it assigns to self or unassigns.
  const canAssignOthers = can('signals:assign') && can('users:manage');

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (pending) return;
      const action = queueKeyAction(event.key, focus, rows.length, {
        inField: isField(event.target),
        modifier: event.ctrlKey || event.metaKey || event.altKey,
      });
      if (action.type === 'none') return;
      event.preventDefault();
      const signal = rows[action.index];
      if (!signal) return;
      if (action.type === 'move') setFocus(action.index);
      else if (action.type === 'open') void navigate(`/signals/${signal.id}`);
      else if (action.type === 'assign-me' && meId)
        assign.mutate(
          { signalIds: [signal.id], assigneeId: meId },
          { onSuccess: () => setMessage(`Assigned ${signal.customer_id} to you.`) },
        );
      else if (action.type === 'review') setPending({ status: action.status, signalIds: [signal.id] });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  useEffect(() => {
    const row = document.getElementById(`row-${focus}`);
    // happy-dom has no scrollIntoView
    if (row && typeof row.scrollIntoView === 'function') row.scrollIntoView({ block: 'nearest' });
  }, [focus]);

  const nextUnassigned = async () => {
    const page = await api.get<Page<Signal>>('/signals', {
      status: 'ACTIVE',
      assignee: 'unassigned',
      sort: '-severity',
      limit: 1,
    });
    const first = page.data[0];
    if (first) void navigate(`/signals/${first.id}`);
    else setMessage('Every active signal has someone on it: there is no unassigned signal.');
  };

  const submitReview = (input: ReviewInput) => {
    if (!pending) return;
    const ids = pending.signalIds;
    const done = () => {
      setPending(null);
      setSelected(new Set());
    };
    if (ids.length === 1 && ids[0])
      review.mutate(
        { signalId: ids[0], input },
        {
          onSuccess: () => {
            setMessage(`Signal ${input.status.toLowerCase()}.`);
            done();
          },
        },
      );
    else
      bulk.mutate(
        { signalIds: ids, input },
        {
          onSuccess: ({ results }) => {
            const refused = results.filter((r) => r.outcome === 'REFUSED');
            setMessage(
              `${results.length - refused.length} signals ${input.status.toLowerCase()}` +
                (refused.length
                  ? `; ${refused.length} refused: ${refused.map((r) => r.error?.message ?? '').join('; ')}`
                  : '.'),
            );
            done();
          },
        },
      );
  };

  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <div className="queue">
      <div className="page-head">
        <h1>Queue</h1>
        <button type="button" className="primary" onClick={() => void nextUnassigned()}>
          Next unassigned
        </button>
      </div>
      <SeverityCountsBlock counts={counts.data} filters={filters} setFilters={setFilters} />
      <QueueFilterBar filters={filters} onChange={setFilters} />
      <p className="muted hint">Keys: j/k move, Enter opens, a assigns to me, c confirms, d dismisses.</p>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      <ErrorMessage error={list.query.error ?? review.error ?? bulk.error ?? assign.error} />
      {selected.size > 0 && (
        <div className="bulk-bar" role="region" aria-label="Bulk actions">
          <span>{selected.size} selected</span>
          {meId && (
            <button
              type="button"
              onClick={() =>
                assign.mutate(
                  { signalIds: [...selected], assigneeId: meId },
                  { onSuccess: () => setSelected(new Set()) },
                )
              }
            >
              Assign to me
            </button>
          )}
          <button
            type="button"
            onClick={() =>
              assign.mutate(
                { signalIds: [...selected], assigneeId: null },
                { onSuccess: () => setSelected(new Set()) },
              )
            }
          >
            Unassign
          </button>
          {canAssignOthers && (
            <AssignTo
              onPick={(userId) => {
                assign.mutate(
                  { signalIds: [...selected], assigneeId: userId },
                  { onSuccess: () => setSelected(new Set()) },
                );
              }}
            />
          )}
          <button type="button" onClick={() => setPending({ status: 'DISMISSED', signalIds: [...selected] })}>
            Dismiss selected
          </button>
          <button type="button" onClick={() => setPending({ status: 'CONFIRMED', signalIds: [...selected] })}>
            Confirm selected
          </button>
        </div>
      )}
      {list.query.isLoading ? (
        <Loading what="the queue" />
      ) : rows.length === 0 ? (
        <p className="empty" data-testid="queue-empty">
          {emptyQueueReason(filters)}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="signals" aria-label="Active signals">
            <thead>
              <tr>
                <th scope="col">
                  <input
                    type="checkbox"
                    aria-label="Select every signal on this page"
                    checked={rows.every((r) => selected.has(r.id))}
                    onChange={(e) =>
                      setSelected(e.target.checked ? new Set(rows.map((r) => r.id)) : new Set())
                    }
                  />
                </th>
                <th scope="col">Severity</th>
                <th scope="col">Customer</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  At risk
                </th>
                <th scope="col">Age</th>
                <th scope="col">Assignee</th>
                <th scope="col">Summary</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((signal, index) => (
                <tr
                  key={signal.id}
                  id={`row-${index}`}
                  className={index === focus ? 'focused' : undefined}
                  aria-current={index === focus ? 'true' : undefined}
                  data-signal-id={signal.id}
                  onClick={() => setFocus(index)}
                >
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Select signal for ${signal.customer_id}`}
                      checked={selected.has(signal.id)}
                      onChange={() => toggle(signal.id)}
                    />
                  </td>
                  <td>
                    <SeverityBadge severity={signal.severity} />
                  </td>
                  <td>
                    <Link to={`/signals/${signal.id}`}>{signal.customer_id}</Link>
                  </td>
                  <td>{label(signal.signal_category)}</td>
                  <td className="num">{money(signal.amount_at_risk)}</td>
                  <td>{age(signal.created_at, Date.now())}</td>
                  <td>
                    {signal.assignee
                      ? signal.assignee.id === meId
                        ? 'Me'
                        : signal.assignee.email
                      : 'Unassigned'}
                  </td>
                  <td className="summary">{signal.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Queue" {...list} />
      {pending && (
        <ReviewDialog
          status={pending.status}
          count={pending.signalIds.length}
          busy={review.isPending || bulk.isPending}
          onSubmit={submitReview}
          onCancel={() => setPending(null)}
        />
      )}
    </div>
  );
}

function SeverityCountsBlock(props: {
  counts: SignalCounts | undefined;
  filters: QueueFilters;
  setFilters: (f: QueueFilters) => void;
}) {
  return (
    <SeverityCounts
      counts={props.counts}
      current={props.filters.severity}
      onPick={(severity) => props.setFilters({ ...props.filters, severity })}
    />
  );
}
