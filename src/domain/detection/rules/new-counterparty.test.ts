import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../../activity.js';
import { DAY_MS, HOUR_MS } from '../history.js';
import { ev, readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import type { RuleInput } from '../types.js';
import { newCounterparty, newCounterpartyDefaults } from './new-counterparty.js';

const T = Date.parse('2026-06-10T12:00:00Z');
const ago = (days: number, hours = 0) => new Date(T - days * DAY_MS - hours * HOUR_MS).toISOString();
const NOW = ago(0);

function measureDefault(
  name: string,
  history: Transaction[],
  {
    item = history[history.length - 1]!,
    ...overrides
  }: { item?: Transaction } & Partial<Omit<RuleInput, 'item' | 'history'>> = {},
) {
  const rule = newCounterpartyDefaults.find((r) => r.name === name)!;
  return newCounterparty.measure(
    ruleInput(item, { transactions: history }, overrides),
    rule.parameters as never,
  );
}

describe('NEW_COUNTERPARTY parameters', () => {
  test.each(newCounterpartyDefaults.map((r) => [r.name, r] as const))(
    'the default rule "%s" validates against the schema',
    (_name, rule) => {
      expect(rule.ruleType).toBe('NEW_COUNTERPARTY');
      expect(Value.Check(newCounterparty.parameters, rule.parameters)).toBe(true);
    },
  );

  test.each([
    ['an unknown target', { target: 'merchant', min_amount: 1, note_high_risk_country: true }],
    [
      'a lookback over 10 years',
      { target: 'country', lookback_days: 4000, min_amount: 1, note_high_risk_country: true },
    ],
  ])('refuses %s', (_what, parameters) => {
    expect(Value.Check(newCounterparty.parameters, parameters)).toBe(false);
  });
});

describe('NEW_COUNTERPARTY "Large transfer to new payee"', () => {
  const pay = (amount: number, days = 0, fields: Partial<Transaction> = {}) =>
    tx(ago(days), amount, {
      channel: 'P2P',
      counterpartyId: 'cp-new',
      counterpartyName: 'New Friend',
      ...fields,
    });

  test('fires on a first payment of 1,000 to a payee', () => {
    const history = [tx(ago(30), 1200, { channel: 'P2P', counterpartyId: 'cp-old' }), pay(1000)];
    expect(measureDefault('Large transfer to new payee', history)).toMatchObject({
      outcome: 'FIRED',
      measured: 100_000,
      threshold: 100_000,
      baseline: null,
      reason:
        'A P2P debit of 1,000.00 to New Friend, a payee not paid in the previous 365 days, is at or above the threshold of 1,000.00.',
    });
  });

  test.each([
    ['fires when the last payment was 365 days ago', [pay(50, 365), pay(1000)], 'FIRED'],
    ['does not fire a cent below 1,000', [pay(999.99)], 'NOT_FIRED'],
    [
      'does not fire when the payee was paid 364 days ago (a semi-annual bill)',
      [pay(50, 364), pay(1000)],
      'NOT_FIRED',
    ],
    ['does not fire on a card payment', [pay(1000, 0, { channel: 'CARD' })], 'NOT_FIRED'],
    [
      'does not fire on a check to a new business (a roofer)',
      [pay(5000, 0, { channel: 'CHECK', counterpartyType: 'BUSINESS' })],
      'NOT_FIRED',
    ],
    [
      'fires on a wire to a new business',
      [pay(5000, 0, { channel: 'WIRE', counterpartyType: 'BUSINESS' })],
      'FIRED',
    ],
    [
      'matches a payee known by name regardless of case',
      [
        pay(50, 20, { counterpartyId: null, counterpartyName: 'NEW FRIEND ' }),
        pay(1000, 0, { counterpartyId: null }),
      ],
      'NOT_FIRED',
    ],
  ])('%s', (_case, history, outcome) => {
    expect(measureDefault('Large transfer to new payee', history).outcome).toBe(outcome);
  });

  test.each([
    [1499.99, 'NOT_FIRED'],
    [1500, 'FIRED'],
  ])('with a READY median debit of 500, a payment of %s gives %s', (amount, outcome) => {
    const baseline = readyBaseline({ debitAmount: { median: 50_000, mad: 0, p95: 0, p99: 0, max: 0 } });
    expect(measureDefault('Large transfer to new payee', [pay(amount)], { baseline }).outcome).toBe(outcome);
  });

  test('ignores later payments to the payee', () => {
    const item = pay(1000, 2);
    expect(measureDefault('Large transfer to new payee', [item, pay(100, 1)], { item }).outcome).toBe(
      'FIRED',
    );
  });

  test('does not fire on events', () => {
    const rule = newCounterpartyDefaults[0]!.parameters as never;
    expect(newCounterparty.measure(ruleInput(ev(NOW, 'PAYEE_ADDED')), rule).outcome).toBe('NOT_FIRED');
  });
});

describe('NEW_COUNTERPARTY "International wire to new country"', () => {
  const wire = (amount: number, days = 0, fields: Partial<Transaction> = {}) =>
    tx(ago(days), amount, { channel: 'WIRE', counterpartyCountry: 'NG', country: 'US', ...fields });

  test.each([
    ['fires on a first wire of 1,000 to a country', [wire(1000)], 'FIRED'],
    ['fires when the country was last paid 365 days ago', [wire(300, 365), wire(1000)], 'FIRED'],
    ['does not fire a cent below 1,000', [wire(999.99)], 'NOT_FIRED'],
    [
      'does not fire when the country was paid by card 200 days ago',
      [tx(ago(200), 40, { counterpartyCountry: 'ng' }), wire(1000)],
      'NOT_FIRED',
    ],
    ['does not fire on a P2P payment', [wire(1000, 0, { channel: 'P2P' })], 'NOT_FIRED'],
    ['does not fire on a domestic wire', [wire(1000, 0, { counterpartyCountry: 'US' })], 'NOT_FIRED'],
    [
      'does not fire without a counterparty country',
      [wire(1000, 0, { counterpartyCountry: null })],
      'NOT_FIRED',
    ],
  ])('%s', (_case, history, outcome) => {
    expect(measureDefault('International wire to new country', history).outcome).toBe(outcome);
  });

  test("names a country on the tenant's high-risk list without lowering the threshold", () => {
    const settings = { highRiskCountries: new Set(['NG']) };
    const fired = measureDefault('International wire to new country', [wire(1000)], { settings });
    expect(fired.outcome === 'FIRED' && fired.reason).toBe(
      "A WIRE debit of 1,000.00 to NG, a country not paid in the previous 365 days, is at or above the threshold of 1,000.00; NG is on the tenant's high-risk country list.",
    );
    expect(measureDefault('International wire to new country', [wire(999)], { settings }).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('ignores later payments to the country', () => {
    const item = wire(1000, 3);
    expect(measureDefault('International wire to new country', [item, wire(20, 1)], { item }).outcome).toBe(
      'FIRED',
    );
  });
});

describe('NEW_COUNTERPARTY target device', () => {
  const params = { target: 'device', min_amount: 100, note_high_risk_country: false };
  const measure = (history: Transaction[]) =>
    newCounterparty.measure(
      ruleInput(history[history.length - 1]!, { transactions: history }),
      params as never,
    );

  test('fires on a debit from a device not seen in 180 days', () => {
    expect(
      measure([tx(ago(10), 50, { deviceId: 'd-old' }), tx(NOW, 100, { deviceId: 'd-new' })]).outcome,
    ).toBe('FIRED');
  });

  test('does not fire when an earlier transaction came from the device', () => {
    const history = [
      tx(ago(10), 50, { deviceId: 'd-1', direction: 'CREDIT' }),
      tx(NOW, 100, { deviceId: 'd-1' }),
    ];
    expect(measure(history).outcome).toBe('NOT_FIRED');
  });
});
