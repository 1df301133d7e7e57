import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../../activity.js';
import type { Baseline } from '../../baseline/baseline.js';
import { DAY_MS, HOUR_MS } from '../history.js';
import { ev, readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { baselineDeviation, baselineDeviationDefaults } from './baseline-deviation.js';

const T = Date.parse('2026-06-10T12:00:00Z');
const ago = (days: number, hours = 0) => new Date(T - days * DAY_MS - hours * HOUR_MS).toISOString();
const NOW = ago(0);

function measureDefault(name: string, item: Transaction, history: Transaction[], baseline: Baseline | null) {
  const rule = baselineDeviationDefaults.find((r) => r.name === name)!;
  return baselineDeviation.measure(
    ruleInput(item, { transactions: history }, { baseline }),
    rule.parameters as never,
  );
}

describe('BASELINE_DEVIATION parameters', () => {
  test.each(baselineDeviationDefaults.map((r) => [r.name, r] as const))(
    'the default rule "%s" validates against the schema',
    (_name, rule) => {
      expect(rule.ruleType).toBe('BASELINE_DEVIATION');
      expect(Value.Check(baselineDeviation.parameters, rule.parameters)).toBe(true);
    },
  );

  test.each([
    ['an unknown parameter', { mode: 'single_debit', factor: 2 }],
    ['an unknown mode', { mode: 'monthly' }],
    ['a share above 1', { mode: 'channel_shift', min_window_share: 1.5 }],
    ['a negative floor', { mode: 'single_debit', min_amount: -1 }],
  ])('refuses %s', (_what, parameters) => {
    expect(Value.Check(baselineDeviation.parameters, parameters)).toBe(false);
  });
});

describe('BASELINE_DEVIATION "Large debit vs baseline"', () => {
  const median1000 = readyBaseline({ debitAmount: { median: 100_000, mad: 0, p95: 0, p99: 0, max: 0 } });
  const p99At8000 = readyBaseline({ debitAmount: { median: 5000, mad: 0, p95: 0, p99: 800_000, max: 0 } });
  const notReady = readyBaseline({
    status: 'INSUFFICIENT_HISTORY',
    debitAmount: { median: 100_000, mad: 0, p95: 0, p99: 900_000, max: 0 },
  });
  test.each([
    ['fires at the 2,500 floor without a baseline', 2500, null, 'FIRED'],
    ['does not fire a cent below the floor', 2499.99, null, 'NOT_FIRED'],
    ['fires at five times the median debit', 5000, median1000, 'FIRED'],
    ['does not fire a cent below five times the median debit', 4999.99, median1000, 'NOT_FIRED'],
    ['fires at the p99 debit', 8000, p99At8000, 'FIRED'],
    ['does not fire a cent below the p99 debit', 7999.99, p99At8000, 'NOT_FIRED'],
    ['uses the floor alone when the baseline is not READY', 2500, notReady, 'FIRED'],
  ] as const)('%s', (_case, amount, baseline, outcome) => {
    const item = tx(NOW, amount, { channel: 'WIRE' });
    expect(measureDefault('Large debit vs baseline', item, [], baseline).outcome).toBe(outcome);
  });

  test('explains the multiple of the median debit', () => {
    const baseline = readyBaseline({ debitAmount: { median: 50_000, mad: 0, p95: 0, p99: 40_000, max: 0 } });
    const item = tx(NOW, 4500, { channel: 'WIRE' });
    expect(measureDefault('Large debit vs baseline', item, [], baseline)).toEqual({
      outcome: 'FIRED',
      measured: 450_000,
      threshold: 250_000,
      baseline: 50_000,
      reason:
        "A WIRE debit of 4,500.00 is 9.0 times the customer's median debit of 500.00, at or above the threshold of 2,500.00.",
      transactionIds: [item.id],
      eventIds: [],
    });
  });

  test('does not fire on credits or events', () => {
    const rule = baselineDeviationDefaults[0]!.parameters as never;
    expect(baselineDeviation.measure(ruleInput(tx(NOW, 9000, { direction: 'CREDIT' })), rule).outcome).toBe(
      'NOT_FIRED',
    );
    expect(baselineDeviation.measure(ruleInput(ev(NOW, 'PASSWORD_RESET')), rule).outcome).toBe('NOT_FIRED');
  });
});

describe('BASELINE_DEVIATION "Weekly outflow spike"', () => {
  // Weekly median 400.00, MAD 100.00: z = 4 at 993.04, so the 1,000 floor decides.
  const baseline = readyBaseline({
    weeklyOutflow: { median: 40_000, mad: 10_000, p95: 70_000, max: 90_000 },
  });
  const week = (last: number) => [tx(ago(6), 400), tx(ago(3), 300), tx(NOW, last)];

  test('fires when the 7-day outflow reaches 4 robust deviations and 1,000', () => {
    const history = week(300);
    expect(measureDefault('Weekly outflow spike', history[2]!, history, baseline)).toMatchObject({
      outcome: 'FIRED',
      measured: 100_000,
      threshold: 100_000,
      baseline: 40_000,
      transactionIds: history.map((t) => t.id),
    });
  });

  test.each([
    [
      'a cent below the 1,000 floor',
      readyBaseline({ weeklyOutflow: { median: 40_000, mad: 10_000, p95: 70_000, max: 90_000 } }),
      299.99,
    ],
    [
      'below 4 robust deviations',
      readyBaseline({ weeklyOutflow: { median: 40_000, mad: 20_000, p95: 70_000, max: 90_000 } }),
      800,
    ],
  ])('does not fire %s', (_case, wider, last) => {
    const history = week(last);
    expect(measureDefault('Weekly outflow spike', history[2]!, history, wider).outcome).toBe('NOT_FIRED');
  });

  test('does not fire when one debit makes half the week or more (the single-debit rule’s case)', () => {
    const history = [tx(ago(6), 200), tx(ago(3), 250), tx(NOW, 550)];
    expect(measureDefault('Weekly outflow spike', history[2]!, history, baseline).outcome).toBe('NOT_FIRED');
  });

  test('does not fire for a week no larger than the largest week of the baseline', () => {
    const history = week(300);
    const seenBefore = readyBaseline({
      weeklyOutflow: { median: 40_000, mad: 10_000, p95: 70_000, max: 100_000 },
    });
    expect(measureDefault('Weekly outflow spike', history[2]!, history, seenBefore).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('fires only on the debit that takes the week over the line, not on later ones', () => {
    const history = week(300);
    const later = tx(new Date(Date.parse(NOW) + 3_600_000).toISOString(), 50);
    expect(measureDefault('Weekly outflow spike', later, [...history, later], baseline).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('leaves out debits 7 days or more before the item and any later ones', () => {
    const item = tx(NOW, 300);
    const history = [tx(ago(7), 400), tx(ago(3), 300), item, tx(ago(0, -1), 5000)];
    expect(measureDefault('Weekly outflow spike', item, history, baseline).outcome).toBe('NOT_FIRED');
  });

  test.each([
    ['there is no baseline', null],
    ['the baseline is not READY', readyBaseline({ status: 'INSUFFICIENT_HISTORY' })],
  ])('answers INSUFFICIENT_HISTORY when %s', (_case, notReady) => {
    const history = week(5000);
    expect(measureDefault('Weekly outflow spike', history[2]!, history, notReady).outcome).toBe(
      'INSUFFICIENT_HISTORY',
    );
  });
});

describe('BASELINE_DEVIATION "Channel shift"', () => {
  // Baseline: CARD 40% and ACH 60% of debit value; WIRE never used.
  const baseline = readyBaseline();
  const month = (wire: number, card = 1000) => [
    tx(ago(20), card, { channel: 'CARD' }),
    tx(NOW, wire, { channel: 'WIRE' }),
  ];

  test('fires when a channel under 5% of baseline value carries half the 30-day outflow', () => {
    const history = month(2000);
    const result = measureDefault('Channel shift', history[1]!, history, baseline);
    expect(result).toMatchObject({
      outcome: 'FIRED',
      threshold: 0.5,
      baseline: 0,
      transactionIds: [history[1]!.id],
    });
    expect(result.outcome === 'FIRED' && result.reason).toBe(
      "WIRE debits of 2,000.00 are 67% of the last 30 days' outflow of 3,000.00, on a channel that carried 0.0% of the customer's usual debit value.",
    );
  });

  test.each([
    ['the channel outflow is a cent below 2,000', month(1999.99), 1],
    ['the channel carries under half the outflow', month(2000, 2500.01), 1],
    ['the scored debit is on a usual channel', month(2000), 0],
  ])('does not fire when %s', (_case, history, index) => {
    expect(measureDefault('Channel shift', history[index]!, history, baseline).outcome).toBe('NOT_FIRED');
  });

  test('ignores later debits on the channel', () => {
    const item = tx(NOW, 1000, { channel: 'WIRE' });
    const history = [tx(ago(20), 1000, { channel: 'CARD' }), item, tx(ago(0, -2), 5000, { channel: 'WIRE' })];
    expect(measureDefault('Channel shift', item, history, baseline).outcome).toBe('NOT_FIRED');
  });

  test('answers INSUFFICIENT_HISTORY when the baseline is not READY', () => {
    const history = month(5000);
    expect(measureDefault('Channel shift', history[1]!, history, null).outcome).toBe('INSUFFICIENT_HISTORY');
  });
});
