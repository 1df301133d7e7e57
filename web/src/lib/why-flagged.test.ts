import { describe, expect, test } from 'vitest';
import type { Evidence } from '../api/types';
import { explainEvidence } from './why-flagged';

const base: Evidence = {
  rule_id: 'r',
  rule_name: 'Large debit vs baseline',
  rule_type: 'BASELINE_DEVIATION',
  rule_version: 1,
  weight: 0.2,
  severity: 'HIGH',
  signal_category: 'UNDETERMINED',
  measured: 4800,
  threshold: 1200,
  baseline: 400,
  reason: 'debit of 4,800.00 is 12× the usual',
  transaction_ids: [],
  event_ids: [],
  occurred_at: '2026-11-20T10:00:00.000Z',
};

describe('explainEvidence()', () => {
  test('states measured, baseline, threshold and weight in dollars for a money rule', () => {
    const why = explainEvidence(base);
    expect(why.sentence).toBe(
      'Large debit vs baseline fired: measured $4,800.00 against a usual $400.00 (12× usual); it fires at $1,200.00. Weight 0.2 (high).',
    );
    expect(why).toMatchObject({
      measured: '$4,800.00',
      baseline: '$400.00',
      threshold: '$1,200.00',
      weight: '0.2',
    });
  });

  test('says there is no baseline when the rule had none, and keeps counts as plain numbers', () => {
    const why = explainEvidence({
      ...base,
      rule_type: 'VELOCITY',
      rule_name: 'Many debits',
      measured: 9,
      threshold: 6,
      baseline: null,
    });
    expect(why.sentence).toContain('measured 9 with no baseline to compare; it fires at 6.');
    expect(why.timesBaseline).toBeNull();
  });

  test('reads a money rule that measured a share as a plain number, not as cents', () => {
    const why = explainEvidence({
      ...base,
      rule_name: 'Channel shift',
      measured: 0.81,
      threshold: 0.5,
      baseline: 0,
    });
    expect(why).toMatchObject({ measured: '0.81', threshold: '0.5', baseline: '0' });
  });
});
