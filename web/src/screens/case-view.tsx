import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router';
import { apiBase, api } from '../api/client';
import { useSession } from '../api/session';
import { useAssign, useReopen, useReview } from '../api/signal-actions';
import type { Signal } from '../api/types';
import { AuditTable } from '../components/audit-trail';
import { ReviewDialog } from '../components/review-dialog';
import { ErrorMessage, Field, Loading, Section, SeverityBadge, StatusBadge } from '../components/ui';
import { dateTime, label, money, percent } from '../lib/format';
import { CaseNotes } from './case-notes';
import { SignalItems, WhyFlagged } from './case-evidence';

// Recharts is most of the bundle and only the case view draws a chart: load it with the case.
const ActivityChart = lazy(() =>
  import('../components/activity-chart').then((m) => ({ default: m.ActivityChart })),
);

export function CaseView() {
  const { signalId = '' } = useParams();
  const { session, can } = useSession();
  const signal = useQuery({
    queryKey: ['signal', signalId],
    queryFn: () => api.get<Signal>(`/signals/${signalId}`),
  });
  const [pending, setPending] = useState<'CONFIRMED' | 'DISMISSED' | null>(null);
  const review = useReview();
  const reopen = useReopen();
  const assign = useAssign();
  if (signal.isLoading) return <Loading what="the case" />;
  if (!signal.data) return <ErrorMessage error={signal.error ?? new Error('signal not found')} />;
  const s = signal.data;
  const meId = session?.user.id ?? null;
  const canReview = can('signals:review');
  const production = session?.environment === 'production';

  return (
    <div className="case">
      <div className="page-head">
        <h1>
          {label(s.signal_category)} — <Link to={`/profiles/${s.profile_id}`}>{s.customer_id}</Link>
        </h1>
        <div className="actions">
          {s.status === 'ACTIVE' && canReview && (
            <>
              <button type="button" className="danger" onClick={() => setPending('CONFIRMED')}>
                Confirm
              </button>
              <button type="button" onClick={() => setPending('DISMISSED')}>
                Dismiss
              </button>
            </>
          )}
          {s.status !== 'ACTIVE' && canReview && (
            <button type="button" onClick={() => reopen.mutate({ signalId: s.id })}>
              Reopen
            </button>
          )}
          {production ? (
            <a
              className="button"
              href={`${apiBase('production')}/signals/${s.id}/export.html`}
              target="_blank"
              rel="noopener"
            >
              Export for SAR
            </a>
          ) : (
            <span className="muted" title="Exports exist only for production signals">
              Export for SAR: production only
            </span>
          )}
        </div>
      </div>
      <ErrorMessage error={review.error ?? reopen.error ?? assign.error} />
      <Section title="Summary">
        <p className="amount-at-risk">
          <span className="muted">Amount at risk</span>{' '}
          <strong data-testid="amount-at-risk">{money(s.amount_at_risk)}</strong>
        </p>
        <p className="lead">{s.summary}</p>
        <dl className="grid">
          <Field label="Status">
            <StatusBadge status={s.status} />
          </Field>
          <Field label="Severity">
            <SeverityBadge severity={s.severity} />
          </Field>
          <Field label="Score">{percent(s.score)}</Field>
          <Field label="First seen">{dateTime(s.first_seen_at)}</Field>
          <Field label="Last seen">{dateTime(s.last_seen_at)}</Field>
          <Field label="Assignee">
            {s.assignee ? (s.assignee.name ?? s.assignee.email) : 'Unassigned'}{' '}
            {canReview && meId && s.assignee?.id !== meId && (
              <button type="button" onClick={() => assign.mutate({ signalIds: [s.id], assigneeId: meId })}>
                Assign to me
              </button>
            )}
            {canReview && s.assignee && (s.assignee.id === meId || can('signals:assign')) && (
              <button type="button" onClick={() => assign.mutate({ signalIds: [s.id], assigneeId: null })}>
                Unassign
              </button>
            )}
          </Field>
          {s.review && (
            <Field label="Review">
              {s.review.status} ({label(s.review.reason ?? 'no reason')}) by {s.review.reviewed_by} on{' '}
              {dateTime(s.review.reviewed_at)}
              {s.review.notes ? ` — ${s.review.notes}` : ''}
            </Field>
          )}
        </dl>
      </Section>
      <Section title="Why flagged">
        <WhyFlagged signal={s} />
      </Section>
      <Section title="Outflow against the usual range">
        <Suspense fallback={<Loading what="the chart" />}>
          <ActivityChart profileId={s.profile_id} endAt={s.last_seen_at} />
        </Suspense>
      </Section>
      <Section title="Transactions and events">
        <SignalItems signal={s} />
      </Section>
      <Section title="Notes">
        <CaseNotes signalId={s.id} canWrite={canReview} />
      </Section>
      <Section title="Audit trail">
        <AuditTable query={{ resource_type: 'signal', resource_id: s.id }} />
      </Section>
      {pending && (
        <ReviewDialog
          status={pending}
          count={1}
          busy={review.isPending}
          onCancel={() => setPending(null)}
          onSubmit={(input) =>
            review.mutate({ signalId: s.id, input }, { onSuccess: () => setPending(null) })
          }
        />
      )}
    </div>
  );
}
