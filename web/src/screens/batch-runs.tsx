import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api/client';
import { useSession } from '../api/session';
import type { BatchRun, Page, Signal } from '../api/types';
import { ErrorMessage, Pager, SeverityBadge, StatusBadge } from '../components/ui';
import { useCursorList } from '../components/use-cursor-list';
import { dateTime, label, money } from '../lib/format';

const RUNNING = new Set(['QUEUED', 'RUNNING']);

export function BatchRuns() {
  const { can } = useSession();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [recompute, setRecompute] = useState(true);
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useCursorList(['batch-runs'], (cursor) =>
    api.get<Page<BatchRun>>('/batch-runs', { cursor, limit: 20 }),
  );
  const start = useMutation({
    mutationFn: () =>
      api.post<BatchRun>('/batch-runs', {
        recompute_baselines: recompute,
        ...(from ? { from: new Date(from).toISOString() } : {}),
        ...(to ? { to: new Date(to).toISOString() } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batch-runs'] }),
  });
  const cancel = useMutation({
    mutationFn: (id: string) => api.post<BatchRun>(`/batch-runs/${id}/cancel`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['batch-runs'] }),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    start.mutate();
  };
  return (
    <div>
      <h1>Batch runs</h1>
      {can('batch_runs:write') ? (
        <form className="filters" onSubmit={submit} aria-label="Start a batch run">
          <div>
            <label htmlFor="br-from">From (default: 30 days ago)</label>
            <input id="br-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
          </div>
          <div>
            <label htmlFor="br-to">To (default: now)</label>
            <input id="br-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
          </div>
          <label className="inline">
            <input type="checkbox" checked={recompute} onChange={(e) => setRecompute(e.target.checked)} />{' '}
            Recompute baselines
          </label>
          <button type="submit" className="primary" disabled={start.isPending}>
            Start batch run
          </button>
        </form>
      ) : (
        <p className="muted">Only supervisors and administrators start batch runs.</p>
      )}
      <ErrorMessage error={list.query.error ?? start.error ?? cancel.error} />
      {list.rows.length === 0 && !list.query.isLoading && (
        <p className="empty">No batch run has been started in this environment.</p>
      )}
      <ul className="runs">
        {list.rows.map((run) => {
          const p = run.progress;
          return (
            <li key={run.id} className="card">
              <div className="page-head">
                <h2>
                  Run of {dateTime(run.created_at)} <StatusBadge status={run.status} />
                </h2>
                {RUNNING.has(run.status) && can('batch_runs:write') && (
                  <button type="button" onClick={() => cancel.mutate(run.id)}>
                    Cancel
                  </button>
                )}
              </div>
              <p>
                Window {dateTime(run.request.from)} – {dateTime(run.request.to)};{' '}
                {run.request.recompute_baselines ? 'baselines recomputed' : 'baselines kept'}.
              </p>
              <label>
                Progress: {p.profiles_done} of {p.profiles_total} profiles
                <progress max={Math.max(p.profiles_total, 1)} value={p.profiles_done} />
              </label>
              <p>
                {p.transactions_scored} transactions scored, {p.signals_created} signals raised,{' '}
                {p.signals_updated} updated, {p.errors} errors.
                {run.failure_reason && ` Failed: ${run.failure_reason}`}
              </p>
              <button
                type="button"
                aria-expanded={openId === run.id}
                onClick={() => setOpenId(openId === run.id ? null : run.id)}
              >
                {openId === run.id ? 'Hide signals' : 'Signals it raised'}
              </button>
              {openId === run.id && <RunSignals runId={run.id} />}
            </li>
          );
        })}
      </ul>
      <Pager label="Batch runs" {...list} />
    </div>
  );
}

function RunSignals({ runId }: { runId: string }) {
  // GET /signals has no batch-run filter: read pages and keep this run's (each page is bounded).
  const list = useCursorList(['signals', 'batch', runId], (cursor) =>
    api.get<Page<Signal>>('/signals', { cursor, limit: 100 }),
  );
  const rows = list.rows.filter((s) => s.batch_run_id === runId);
  return (
    <div>
      {rows.length === 0 && (
        <p className="empty">No signal on this page of signals was raised by this run.</p>
      )}
      <ul>
        {rows.map((s) => (
          <li key={s.id}>
            <SeverityBadge severity={s.severity} /> <Link to={`/signals/${s.id}`}>{s.customer_id}</Link>{' '}
            {label(s.signal_category)} {money(s.amount_at_risk)}
          </li>
        ))}
      </ul>
      <Pager label="Run signals" {...list} />
    </div>
  );
}
