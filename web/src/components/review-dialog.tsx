import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { REVIEW_REASONS, type ReviewOutcome } from '../../../src/domain/values/enums';
import { label } from '../lib/format';

export interface ReviewInput {
  status: ReviewOutcome;
  reason: string;
  notes?: string;
  suppress?: { days: number; counterparty_id?: string };
}

// Only these dismissals may suppress future signals (issue-10 contract).
const SUPPRESSIBLE = new Set(['KNOWN_COUNTERPARTY', 'LEGITIMATE_ACTIVITY']);

/**
 * Asks for the reason (required) and notes of a confirm or dismiss, and for a dismissal that says
 * the activity is known, whether to suppress similar signals for a number of days.
 */
export function ReviewDialog(props: {
  status: ReviewOutcome;
  count: number;
  onSubmit: (input: ReviewInput) => void;
  onCancel: () => void;
  busy?: boolean;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [notes, setNotes] = useState('');
  const [suppress, setSuppress] = useState(false);
  const [days, setDays] = useState(90);
  const [counterparty, setCounterparty] = useState('');
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const verb = props.status === 'CONFIRMED' ? 'Confirm' : 'Dismiss';
  const canSuppress = props.status === 'DISMISSED' && SUPPRESSIBLE.has(reason);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (reason === '') return;
    props.onSubmit({
      status: props.status,
      reason,
      ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
      ...(canSuppress && suppress
        ? {
            suppress: {
              days,
              ...(counterparty.trim() === '' ? {} : { counterparty_id: counterparty.trim() }),
            },
          }
        : {}),
    });
  };

  return (
    <div className="dialog-backdrop">
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        className="dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') props.onCancel();
        }}
      >
        <h2 id={`${id}-title`}>
          {verb} {props.count === 1 ? 'signal' : `${props.count} signals`}
        </h2>
        <form onSubmit={submit}>
          <label htmlFor={`${id}-reason`}>Reason (required)</label>
          <select
            id={`${id}-reason`}
            ref={first}
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          >
            <option value="">Choose a reason…</option>
            {REVIEW_REASONS[props.status].map((code) => (
              <option key={code} value={code}>
                {label(code)}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-notes`}>Notes</label>
          <textarea
            id={`${id}-notes`}
            rows={3}
            maxLength={2000}
            value={notes}
            onChange={(e) => setNotes(e.target.value)}
          />
          {canSuppress && (
            <fieldset>
              <legend>Suppression</legend>
              <label className="inline">
                <input type="checkbox" checked={suppress} onChange={(e) => setSuppress(e.target.checked)} />{' '}
                Suppress similar signals for this customer
              </label>
              {suppress && (
                <>
                  <label htmlFor={`${id}-days`}>For how many days (1–365)</label>
                  <input
                    id={`${id}-days`}
                    type="number"
                    min={1}
                    max={365}
                    value={days}
                    onChange={(e) => setDays(Number(e.target.value))}
                  />
                  <label htmlFor={`${id}-cp`}>Only this counterparty ID (optional)</label>
                  <input
                    id={`${id}-cp`}
                    value={counterparty}
                    onChange={(e) => setCounterparty(e.target.value)}
                  />
                </>
              )}
            </fieldset>
          )}
          <div className="actions">
            <button
              type="submit"
              className={props.status === 'CONFIRMED' ? 'danger' : 'primary'}
              disabled={props.busy || reason === ''}
            >
              {verb}
            </button>
            <button type="button" onClick={props.onCancel}>
              Cancel
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
