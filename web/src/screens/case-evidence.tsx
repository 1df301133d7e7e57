import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import type { AccountEvent, Page, Signal, Transaction } from '../api/types';
import { dateTime, label, money } from '../lib/format';
import { explainEvidence } from '../lib/why-flagged';

// A case shows at most this many of its transactions; the profile screen lists them all.
const MAX_ITEMS = 50;

export function WhyFlagged({ signal }: { signal: Signal }) {
  return (
    <ol className="evidence" data-testid="why-flagged">
      {signal.evidence.map((evidence, index) => {
        const why = explainEvidence(evidence);
        return (
          <li key={`${evidence.rule_id}-${evidence.occurred_at}-${index}`}>
            <p className="sentence">{why.sentence}</p>
            <p className="reason">{evidence.reason}</p>
            <dl className="facts">
              <div>
                <dt>Measured</dt>
                <dd>{why.measured}</dd>
              </div>
              <div>
                <dt>Baseline</dt>
                <dd>{why.baseline}</dd>
              </div>
              <div>
                <dt>Threshold</dt>
                <dd>{why.threshold}</dd>
              </div>
              <div>
                <dt>Weight</dt>
                <dd>{why.weight}</dd>
              </div>
              <div>
                <dt>When</dt>
                <dd>{dateTime(evidence.occurred_at)}</dd>
              </div>
            </dl>
          </li>
        );
      })}
      {(signal.retracted_evidence ?? []).map((evidence, index) => (
        <li
          key={`retracted-${evidence.rule_id}-${evidence.occurred_at}-${index}`}
          className="retracted"
          data-testid="retracted-evidence"
        >
          <p className="sentence">
            <del>{explainEvidence(evidence).sentence}</del>
          </p>
          <p className="reason">
            Retracted {dateTime(evidence.retracted_at)}: {evidence.retraction_reason}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function SignalItems({ signal }: { signal: Signal }) {
  const transactionIds = [...new Set(signal.evidence.flatMap((e) => e.transaction_ids))].slice(0, MAX_ITEMS);
  const eventIds = new Set(signal.evidence.flatMap((e) => e.event_ids));
  const transactions = useQueries({
    queries: transactionIds.map((id) => ({
      queryKey: ['signal', signal.id, 'transaction', id],
      queryFn: () => api.get<Transaction>(`/profiles/${signal.profile_id}/transactions/${id}`),
    })),
  });
  const events = useQuery({
    queryKey: ['signal', signal.id, 'events'],
    enabled: eventIds.size > 0,
    queryFn: () =>
      api.get<Page<AccountEvent>>(`/profiles/${signal.profile_id}/events`, {
        limit: 200,
        to: new Date(Date.parse(signal.last_seen_at) + 1000).toISOString(),
      }),
  });
  const rows = transactions
    .flatMap((t) => (t.data ? [t.data] : []))
    .sort((a, b) => a.occurred_at.localeCompare(b.occurred_at));
  const signalEvents = (events.data?.data ?? []).filter((e) => eventIds.has(e.id));
  return (
    <>
      {rows.length === 0 && signalEvents.length === 0 && (
        <p className="empty">This signal names no transactions or events.</p>
      )}
      {rows.length > 0 && (
        <div className="table-wrap">
          <table
            className="compact"
            data-testid="signal-transactions"
            aria-label="Transactions behind this signal"
          >
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Channel</th>
                <th scope="col">Counterparty</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.id}>
                  <td>{dateTime(t.occurred_at)}</td>
                  <td>{label(t.channel)}</td>
                  <td>{t.counterparty_name ?? t.counterparty_id ?? '—'}</td>
                  <td>{t.description ?? '—'}</td>
                  <td className="num">{(t.direction === 'DEBIT' ? '−' : '+') + money(t.amount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {signalEvents.length > 0 && (
        <ul className="events" aria-label="Account events behind this signal">
          {signalEvents.map((e) => (
            <li key={e.id}>
              {dateTime(e.occurred_at)}: {label(e.event_type)}
              {e.party_name ? ` — ${e.party_name}` : ''}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
