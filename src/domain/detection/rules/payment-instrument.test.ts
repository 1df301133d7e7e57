import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../../activity.js';
import { DAY_MS, HOUR_MS } from '../history.js';
import { ev, ruleInput, tx } from '../testing/rule-input.js';
import { paymentInstrument, paymentInstrumentDefaults } from './payment-instrument.js';

const T = Date.parse('2026-06-10T12:00:00Z');
const ago = (days: number, hours = 0) => new Date(T - days * DAY_MS - hours * HOUR_MS).toISOString();
const NOW = ago(0);

function measureDefault(name: string, history: Transaction[], item = history[history.length - 1]!) {
  const rule = paymentInstrumentDefaults.find((r) => r.name === name)!;
  return paymentInstrument.measure(ruleInput(item, { transactions: history }), rule.parameters as never);
}

describe('PAYMENT_INSTRUMENT parameters', () => {
  test.each(paymentInstrumentDefaults.map((r) => [r.name, r] as const))(
    'the default rule "%s" validates against the schema',
    (_name, rule) => {
      expect(rule.ruleType).toBe('PAYMENT_INSTRUMENT');
      expect(Value.Check(paymentInstrument.parameters, rule.parameters)).toBe(true);
    },
  );

  test('refuses an empty channel list', () => {
    const { parameters } = paymentInstrumentDefaults[0]!;
    expect(Value.Check(paymentInstrument.parameters, { ...parameters, channels: [] })).toBe(false);
  });

  test('does not fire on events', () => {
    const rule = paymentInstrumentDefaults[0]!.parameters as never;
    expect(paymentInstrument.measure(ruleInput(ev(NOW, 'LOGIN')), rule).outcome).toBe('NOT_FIRED');
  });
});

describe('PAYMENT_INSTRUMENT "Gift card purchases"', () => {
  const gift = (amount: number, hours: number, channel: Transaction['channel'] = 'GIFT_CARD') =>
    tx(ago(0, hours), amount, { channel });

  test('fires when gift card debits reach 500 within 72 hours', () => {
    const history = [gift(300, 71), gift(200, 0)];
    expect(measureDefault('Gift card purchases', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 50_000,
      threshold: 50_000,
      reason: '2 GIFT_CARD debits within 72 hours total 500.00, at or above 500.00.',
      transactionIds: history.map((t) => t.id),
    });
  });

  test('fires on a third gift card debit within 24 hours', () => {
    const history = [gift(25, 23), gift(25, 10), gift(25, 0)];
    expect(measureDefault('Gift card purchases', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 3,
      threshold: 3,
    });
  });

  test.each([
    ['totalling 499.99 in two debits', [gift(300, 50), gift(199.99, 0)]],
    ['the earlier purchase is 72 hours before', [gift(300, 72), gift(200, 0)]],
    ['a third debit is 24 hours before', [gift(25, 24), gift(25, 10), gift(25, 0)]],
    ['the scored debit is a card purchase', [gift(450, 5), gift(100, 0, 'CARD')]],
  ])('does not fire when %s', (_case, history) => {
    expect(measureDefault('Gift card purchases', history).outcome).toBe('NOT_FIRED');
  });

  test('ignores later gift card debits', () => {
    const item = gift(300, 5);
    expect(measureDefault('Gift card purchases', [item, gift(300, 2), gift(300, 1)], item).outcome).toBe(
      'NOT_FIRED',
    );
  });
});

describe('PAYMENT_INSTRUMENT "Crypto purchase"', () => {
  const crypto = (amount: number, days = 0, hours = 0) => tx(ago(days, hours), amount, { channel: 'CRYPTO' });
  const cash = (amount: number, hours: number, channel: Transaction['channel'] = 'ATM') =>
    tx(ago(0, hours), amount, { channel });

  test('fires on a first crypto debit in 365 days of 500', () => {
    expect(measureDefault('Crypto purchase', [crypto(500)])).toMatchObject({
      outcome: 'FIRED',
      measured: 50_000,
      reason: 'A first CRYPTO debit in 365 days, of 500.00, is at or above 500.00.',
    });
  });

  test('fires on a crypto debit within 24 hours of a 1,000 cash withdrawal', () => {
    const history = [crypto(50, 30), cash(1000, 10), crypto(50)];
    expect(measureDefault('Crypto purchase', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 100_000,
      threshold: 100_000,
      transactionIds: [history[1]!.id, history[2]!.id],
    });
  });

  test.each([
    ['fires when the last crypto debit was 365 days ago', [crypto(10, 365), crypto(500)], 'FIRED'],
    ['fires after a teller withdrawal', [crypto(10, 3), cash(1000, 1, 'TELLER'), crypto(10)], 'FIRED'],
    ['does not fire on a first crypto debit of 499.99', [crypto(499.99)], 'NOT_FIRED'],
    ['does not fire when crypto was bought 100 days ago', [crypto(10, 100), crypto(5000)], 'NOT_FIRED'],
    [
      'does not fire after a cash withdrawal of 999.99',
      [crypto(10, 3), cash(999.99, 1), crypto(10)],
      'NOT_FIRED',
    ],
    ['does not fire 24 hours after the cash', [crypto(10, 3), cash(1000, 24), crypto(10)], 'NOT_FIRED'],
    [
      'does not fire after a card debit of 1,000',
      [crypto(10, 3), cash(1000, 1, 'CARD'), crypto(10)],
      'NOT_FIRED',
    ],
  ])('%s', (_case, history, outcome) => {
    expect(measureDefault('Crypto purchase', history).outcome).toBe(outcome);
  });

  test('ignores cash withdrawn after the crypto debit', () => {
    const item = crypto(10, 0, 2);
    expect(measureDefault('Crypto purchase', [crypto(10, 3), item, cash(2000, 1)], item).outcome).toBe(
      'NOT_FIRED',
    );
  });
});
