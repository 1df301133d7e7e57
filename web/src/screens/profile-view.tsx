import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type SyntheticEvent } from 'react';
import { Link, useParams } from 'react-router';
import { PROFILE_STATUSES } from '../../../src/domain/values/enums';
import { ApiFailure, api } from '../api/client';
import { useSession } from '../api/session';
import type { Page, Profile, Signal, Suppression } from '../api/types';
import { ErrorMessage, Field, Loading, Pager, Section, SeverityBadge, StatusBadge } from '../components/ui';
import { useCursorList } from '../components/use-cursor-list';
import { baselineExplanation, type BaselineFacts } from '../lib/baseline';
import { date, dateTime, label, money, percent } from '../lib/format';

export function ProfileView() {
  const { profileId = '' } = useParams();
  const { can } = useSession();
  const profile = useQuery({
    queryKey: ['profile', profileId],
    queryFn: () => api.get<Profile>(`/profiles/${profileId}`),
  });
  const baseline = useQuery({
    queryKey: ['profile', profileId, 'baseline'],
    queryFn: async () => {
      try {
        return await api.get<BaselineFacts>(`/profiles/${profileId}/baseline`);
      } catch (error) {
        if (error instanceof ApiFailure && error.status === 404) return null;
        throw error;
      }
    },
  });
  if (profile.isLoading) return <Loading what="the profile" />;
  if (!profile.data) return <ErrorMessage error={profile.error} />;
  const p = profile.data;
  const tc = p.trusted_contact;
  return (
    <div className="profile">
      <div className="page-head">
        <h1>
          {p.customer_name} <span className="muted">({p.customer_id})</span>
        </h1>
        <StatusBadge status={p.status} />
      </div>
      <div className="two-col">
        <Section title="Details">
          <dl className="grid">
            <Field label="Date of birth">
              {date(p.date_of_birth)} (age {p.age})
            </Field>
            <Field label="Enrolled because">{label(p.enrollment_reason)}</Field>
            {p.enrollment_notes && <Field label="Enrollment notes">{p.enrollment_notes}</Field>}
            <Field label="Currency">{p.currency}</Field>
            <Field label="Status since">{dateTime(p.status_changed_at)}</Field>
            {p.date_of_death && <Field label="Date of death">{date(p.date_of_death)}</Field>}
            <Field label="Risk">
              {label(p.risk_level)} ({percent(p.risk_score)})
            </Field>
            <Field label="Open signals">{p.open_signal_count}</Field>
          </dl>
        </Section>
        <Section title="Trusted contact">
          {tc?.name ? (
            <dl className="grid">
              <Field label="Name">{tc.name}</Field>
              <Field label="Relationship">{tc.relationship ?? '—'}</Field>
              <Field label="Phone">{tc.phone ?? '—'}</Field>
              <Field label="Email">{tc.email ?? '—'}</Field>
            </dl>
          ) : (
            <p className="empty">No trusted contact on file.</p>
          )}
        </Section>
      </div>
      <Section title="Baseline">
        <p data-testid="baseline-explanation">
          {baselineExplanation(p.baseline_status, baseline.data ?? null)}
        </p>
        <ErrorMessage error={baseline.error} />
      </Section>
      <Section title="Signals and reviews">
        <ProfileSignals profileId={p.id} />
      </Section>
      <Section title="Active suppressions">
        <Suppressions profileId={p.id} />
      </Section>
      {can('profiles:write') && (
        <Section title="Change status">
          <StatusForm profile={p} />
        </Section>
      )}
    </div>
  );
}

function ProfileSignals({ profileId }: { profileId: string }) {
  const list = useCursorList(['signals', 'profile', profileId], (cursor) =>
    api.get<Page<Signal>>('/signals', { profile_id: profileId, cursor, limit: 25 }),
  );
  return (
    <>
      <ErrorMessage error={list.query.error} />
      {list.rows.length === 0 && !list.query.isLoading && (
        <p className="empty">No signals were ever raised for this customer.</p>
      )}
      {list.rows.length > 0 && (
        <div className="table-wrap">
          <table className="compact" aria-label="Signals of this customer">
            <thead>
              <tr>
                <th scope="col">Raised</th>
                <th scope="col">Severity</th>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  At risk
                </th>
                <th scope="col">Status</th>
                <th scope="col">Review</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((s) => (
                <tr key={s.id}>
                  <td>
                    <Link to={`/signals/${s.id}`}>{dateTime(s.created_at)}</Link>
                  </td>
                  <td>
                    <SeverityBadge severity={s.severity} />
                  </td>
                  <td>{label(s.signal_category)}</td>
                  <td className="num">{money(s.amount_at_risk)}</td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td>
                    {s.review
                      ? `${label(s.review.reason ?? s.review.status)} by ${s.review.reviewed_by}`
                      : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager label="Signals" {...list} />
    </>
  );
}

function Suppressions({ profileId }: { profileId: string }) {
  const list = useCursorList(['profile', profileId, 'suppressions'], (cursor) =>
    api.get<Page<Suppression>>(`/profiles/${profileId}/suppressions`, { cursor, limit: 25 }),
  );
  return (
    <>
      <ErrorMessage error={list.query.error} />
      {list.rows.length === 0 && !list.query.isLoading && !list.query.error && (
        <p className="empty">No active suppressions: every rule can raise signals for this customer.</p>
      )}
      <ul>
        {list.rows.map((s) => (
          <li key={s.id}>
            {s.counterparty_id ? `Counterparty ${s.counterparty_id}` : 'All counterparties'} until{' '}
            {dateTime(s.expires_at)}
            {s.signal_id && (
              <>
                {' '}
                (from <Link to={`/signals/${s.signal_id}`}>a dismissed signal</Link>)
              </>
            )}
          </li>
        ))}
      </ul>
      <Pager label="Suppressions" {...list} />
    </>
  );
}

function StatusForm({ profile }: { profile: Profile }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<string>(profile.status);
  const [dateOfDeath, setDateOfDeath] = useState('');
  const change = useMutation({
    mutationFn: () =>
      api.patch<Profile>(`/profiles/${profile.id}`, {
        status,
        ...(status === 'DECEASED' && dateOfDeath !== '' ? { date_of_death: dateOfDeath } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['profile', profile.id] }),
  });
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    change.mutate();
  };
  return (
    <form onSubmit={submit} className="inline-form">
      <label htmlFor="profile-status">New status</label>
      <select id="profile-status" value={status} onChange={(e) => setStatus(e.target.value)}>
        {PROFILE_STATUSES.map((s) => (
          <option key={s} value={s}>
            {label(s)}
          </option>
        ))}
      </select>
      {status === 'DECEASED' && (
        <>
          <label htmlFor="date-of-death">Date of death</label>
          <input
            id="date-of-death"
            type="date"
            required
            value={dateOfDeath}
            onChange={(e) => setDateOfDeath(e.target.value)}
          />
        </>
      )}
      <button type="submit" disabled={change.isPending || status === profile.status}>
        Change status
      </button>
      <ErrorMessage error={change.error} />
      {change.isSuccess && <p role="status">Status changed.</p>}
    </form>
  );
}
