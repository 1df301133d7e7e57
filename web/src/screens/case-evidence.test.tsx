import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, test } from 'vitest';
import type { Evidence, Signal } from '../api/types';
import { WhyFlagged } from './case-evidence';

const evidence: Evidence = {
  rule_id: 'r-1',
  rule_name: 'Large transfer to new payee',
  rule_type: 'NEW_COUNTERPARTY',
  rule_version: 1,
  weight: 0.45,
  severity: 'HIGH',
  signal_category: 'SCAM_OTHER',
  measured: 4000,
  threshold: 1000,
  baseline: null,
  reason: 'A transfer of 4,000.00 to a payee not paid in the previous 365 days.',
  transaction_ids: ['t-1'],
  event_ids: [],
  occurred_at: '2026-09-01T10:00:00Z',
};

function signal(extra: Partial<Signal>): Signal {
  return {
    id: 's-1',
    profile_id: 'p',
    customer_id: 'C-1',
    status: 'ACTIVE',
    signal_category: 'SCAM_OTHER',
    severity: 'HIGH',
    score: 0.45,
    amount_at_risk: 4000,
    summary: 'summary',
    evidence: [],
    first_seen_at: '2026-09-01T10:00:00Z',
    last_seen_at: '2026-09-01T10:00:00Z',
    batch_run_id: null,
    review: null,
    created_at: '2026-09-01T10:00:00Z',
    updated_at: '2026-09-01T10:00:00Z',
    ...extra,
  };
}

afterEach(cleanup);

describe('case evidence: late data', () => {
  test('retracted evidence is struck through with when and why', () => {
    render(
      <WhyFlagged
        signal={signal({
          retracted_evidence: [
            {
              ...evidence,
              retracted_at: '2026-10-02T12:00:00Z',
              retraction_reason: 'no longer holds: re-scored',
            },
          ],
        })}
      />,
    );
    const item = screen.getByTestId('retracted-evidence');
    expect(item.querySelector('del')).not.toBeNull();
    expect(item.textContent).toContain('no longer holds: re-scored');
  });

  test('live evidence is not struck through, and a signal without history shows no retraction', () => {
    render(<WhyFlagged signal={signal({ evidence: [evidence] })} />);
    expect(screen.queryByTestId('retracted-evidence')).toBeNull();
    expect(screen.getByTestId('why-flagged').querySelector('del')).toBeNull();
  });
});
