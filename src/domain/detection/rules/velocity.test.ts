import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../../activity.js';
import type { Baseline } from '../../baseline/baseline.js';
import { DAY_MS, HOUR_MS } from '../history.js';
import { ev, readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { velocity, velocityDefaults } from './velocity.js';

const T = Date.parse('2026-06-10T12:00:00Z');
const ago = (days: number, hours = 0) => new Date(T - days * DAY_MS - hours * HOUR_MS).toISOString();
const NOW = ago(0);

/** Measures the named default rule on the last transaction of `history` (or `item`). */
function measureDefault(
  name: string,
  history: Transaction[],
  { item = history[history.length - 1]!, baseline = null as Baseline | null } = {},
) {
  const rule = velocityDefaults.find((r) => r.name === name)!;
  return velocity.measure(ruleInput(item, { transactions: history }, { baseline }), rule.parameters as never);
}

describe('VELOCITY parameters', () => {
  test.each(velocityDefaults.map((r) => [r.name, r] as const))(
    'the default rule "%s" validates against the schema',
    (_name, rule) => {
      expect(rule.ruleType).toBe('VELOCITY');
      expect(Value.Check(velocity.parameters, rule.parameters)).toBe(true);
    },
  );

  test.each([
    ['an unknown parameter', { mode: 'debit_burst', window_days: 2 }],
    ['an unknown channel', { mode: 'round_cash', channels: ['CASH'] }],
    ['a zero count', { mode: 'debit_burst', min_count: 0 }],
  ])('refuses %s', (_what, parameters) => {
    expect(Value.Check(velocity.parameters, parameters)).toBe(false);
  });

  test('does not fire on events', () => {
    expect(
      velocity.measure(ruleInput(ev(NOW, 'LOGIN')), velocityDefaults[0]!.parameters as never).outcome,
    ).toBe('NOT_FIRED');
  });
});

describe('VELOCITY "Debit burst"', () => {
  const debits = (n: number) => Array.from({ length: n }, (_, i) => tx(ago(0, n - 1 - i), 20));

  test.each([
    ['fires at 3 × a daily p95 of 2', 2, 6, 'FIRED'],
    ['does not fire one debit below 3 × a daily p95 of 2', 2, 5, 'NOT_FIRED'],
    ['fires at the floor of 5 when 3 × p95 is lower', 1, 5, 'FIRED'],
    ['does not fire below the floor of 5', 1, 4, 'NOT_FIRED'],
  ] as const)('%s', (_case, p95, count, outcome) => {
    const baseline = readyBaseline({ dailyDebitCountP95: p95 });
    expect(measureDefault('Debit burst', debits(count), { baseline }).outcome).toBe(outcome);
  });

  test('counts only the 24 hours up to the item', () => {
    const item = tx(NOW, 20);
    const history = [tx(ago(1), 20), tx(ago(0, 3), 20), tx(ago(0, 2), 20), tx(ago(0, 1), 20), item];
    const later = [tx(ago(0, -1), 20), tx(ago(0, -2), 20)];
    const baseline = readyBaseline({ dailyDebitCountP95: 1 });
    expect(measureDefault('Debit burst', [...history, ...later], { item, baseline }).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('answers INSUFFICIENT_HISTORY when the baseline is not READY', () => {
    expect(measureDefault('Debit burst', debits(20)).outcome).toBe('INSUFFICIENT_HISTORY');
  });
});

describe('VELOCITY "Round cash withdrawals"', () => {
  const cash = (amount: number, days = 0, channel: Transaction['channel'] = 'ATM') =>
    tx(ago(days), amount, { channel });

  test('fires on three round withdrawals of 500 or more within 7 days', () => {
    const history = [cash(500, 6.9), cash(800, 3, 'TELLER'), cash(500)];
    expect(measureDefault('Round cash withdrawals', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 3,
      threshold: 3,
      reason: '3 round cash withdrawals of 500.00 or more within 7 days total 1,800.00.',
      transactionIds: history.map((t) => t.id),
    });
  });

  test.each([
    ['one is below 500', [cash(400, 5), cash(500, 3), cash(500)]],
    ['one is not a multiple of 100', [cash(550, 5), cash(500, 3), cash(500)]],
    ['one is a card debit', [cash(500, 5, 'CARD'), cash(500, 3), cash(500)]],
    ['one is 7 days before the item', [cash(500, 7), cash(500, 3), cash(500)]],
    ['the scored debit is not a round withdrawal', [cash(500, 5), cash(500, 3), cash(500, 1), cash(120)]],
  ])('does not fire when %s', (_case, history) => {
    expect(measureDefault('Round cash withdrawals', history).outcome).toBe('NOT_FIRED');
  });

  test('ignores withdrawals after the item', () => {
    const item = cash(500, 3);
    const history = [cash(500, 5), item, cash(500, 1)];
    expect(measureDefault('Round cash withdrawals', history, { item }).outcome).toBe('NOT_FIRED');
  });
});

describe('VELOCITY "ATM daily limit repeated"', () => {
  const atm = (amount: number, days: number, hours = 0, channel: Transaction['channel'] = 'ATM') =>
    tx(ago(days, hours), amount, { channel });

  test('fires when withdrawals reach 450 on 3 of the last 10 days, the item day included', () => {
    const history = [atm(450, 9), atm(200, 5, 2), atm(250, 5), atm(100, 2), atm(450, 0)];
    expect(measureDefault('ATM daily limit repeated', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 3,
      threshold: 3,
      transactionIds: [history[0]!.id, history[1]!.id, history[2]!.id, history[4]!.id],
    });
  });

  test.each([
    ['a day reaches only 449.99', [atm(450, 9), atm(449.99, 5), atm(450, 0)]],
    ['a day is 10 days back', [atm(450, 10), atm(450, 5), atm(450, 0)]],
    ['a day is at a teller', [atm(450, 9, 0, 'TELLER'), atm(450, 5), atm(450, 0)]],
    ["the item's day stays below the limit", [atm(450, 9), atm(450, 5), atm(450, 3), atm(100, 0)]],
  ])('does not fire when %s', (_case, history) => {
    expect(measureDefault('ATM daily limit repeated', history).outcome).toBe('NOT_FIRED');
  });

  test('ignores withdrawals later the same day', () => {
    const item = atm(250, 0, 1);
    const history = [atm(450, 9), atm(450, 5), item, atm(250, 0)];
    expect(measureDefault('ATM daily limit repeated', history, { item }).outcome).toBe('NOT_FIRED');
  });
});

describe('VELOCITY "Escalating payments to new payee"', () => {
  const pay = (amount: number, days: number, fields: Partial<Transaction> = {}) =>
    tx(ago(days), amount, {
      channel: 'P2P',
      counterpartyId: 'cp-romeo',
      counterpartyName: 'Romeo',
      ...fields,
    });

  test('fires on the fourth payment, each larger than the last, to a payee first paid 59 days ago', () => {
    const history = [pay(200, 59), tx(ago(50), 999), pay(300, 40), pay(500, 20), pay(800, 0)];
    expect(measureDefault('Escalating payments to new payee', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 4,
      threshold: 4,
      reason:
        '4 payments in a row to Romeo, first paid within the last 60 days, grew each time from 200.00 to 800.00.',
      transactionIds: [history[0]!.id, history[2]!.id, history[3]!.id, history[4]!.id],
    });
  });

  test.each([
    ['one payment equals the one before', [pay(200, 50), pay(300, 40), pay(300, 20), pay(800, 0)]],
    ['there are only three payments', [pay(300, 40), pay(500, 20), pay(800, 0)]],
    [
      'the payee was first paid 60 days ago',
      [pay(100, 60), pay(200, 50), pay(300, 40), pay(500, 20), pay(800, 0)],
    ],
    ['the payee was paid long before', [pay(50, 300), pay(200, 50), pay(300, 40), pay(500, 20), pay(800, 0)]],
  ])('does not fire when %s', (_case, history) => {
    expect(measureDefault('Escalating payments to new payee', history).outcome).toBe('NOT_FIRED');
  });

  test('does not fire when the baseline already knows the payee from before the window', () => {
    const history = [pay(200, 50), pay(300, 40), pay(500, 20), pay(800, 0)];
    const baseline = readyBaseline({
      counterparties: {
        'cp-romeo': {
          firstSeenMs: T - 100 * DAY_MS,
          lastSeenMs: T - 100 * DAY_MS,
          count: 1,
          totalMinor: 1,
          typicalMinor: 1,
        },
      },
    });
    expect(measureDefault('Escalating payments to new payee', history, { baseline }).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('ignores later payments to the payee', () => {
    const item = pay(500, 20);
    const history = [pay(200, 50), pay(300, 40), item, pay(800, 0)];
    expect(measureDefault('Escalating payments to new payee', history, { item }).outcome).toBe('NOT_FIRED');
  });
});
