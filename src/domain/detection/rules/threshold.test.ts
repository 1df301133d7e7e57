import { describe, expect, test } from 'vitest';
import { ruleInput, tx } from '../testing/rule-input.js';
import { threshold } from './threshold.js';

const params = (p: Record<string, unknown>) => ({ window_hours: 24, ...p });

describe('THRESHOLD measure()', () => {
  test('fires on a debit at the limit, with the amount as measured', () => {
    const debit = tx('2026-06-01T10:00:00Z', 3000, { channel: 'WIRE' });
    expect(threshold.measure(ruleInput(debit), params({ min_amount: 3000 }))).toMatchObject({
      outcome: 'FIRED',
      measured: 300_000,
      threshold: 300_000,
      transactionIds: [debit.id],
    });
  });

  test('does not fire a cent below the limit, on credits, or on other channels', () => {
    expect(
      threshold.measure(ruleInput(tx('2026-06-01T10:00:00Z', 2999.99)), params({ min_amount: 3000 })).outcome,
    ).toBe('NOT_FIRED');
    const credit = tx('2026-06-01T10:00:00Z', 5000, { direction: 'CREDIT' });
    expect(threshold.measure(ruleInput(credit), params({ min_amount: 3000 })).outcome).toBe('NOT_FIRED');
    const card = tx('2026-06-01T10:00:00Z', 5000, { channel: 'CARD' });
    expect(threshold.measure(ruleInput(card), params({ min_amount: 3000, channels: ['WIRE'] })).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('counts debits within the window ending at the item, never later ones', () => {
    const earlier = [tx('2026-06-01T01:00:00Z', 5), tx('2026-06-01T02:00:00Z', 5)];
    const later = tx('2026-06-01T12:00:00Z', 5);
    const item = tx('2026-06-01T03:00:00Z', 5);
    expect(
      threshold.measure(ruleInput(item, { transactions: [...earlier, later] }), params({ min_count: 3 })),
    ).toMatchObject({
      outcome: 'FIRED',
      measured: 3,
    });
    expect(
      threshold.measure(ruleInput(item, { transactions: [earlier[0]!, later] }), params({ min_count: 3 }))
        .outcome,
    ).toBe('NOT_FIRED');
  });
});
