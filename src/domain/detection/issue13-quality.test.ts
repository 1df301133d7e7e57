/**
 * Issue 13, second pass: the measurements added or tuned to tell exploitation from life events, each
 * at its firing and non-firing edge, and the life events that must not alert.
 */
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../activity.js';
import { isCorroborated } from './engine.js';
import { dormancy, dormancyDefaults } from './rules/dormancy.js';
import { passThrough, passThroughDefaults } from './rules/pass-through.js';
import { relationship } from './rules/relationship.js';
import { poissonThreshold } from './rules/velocity-cash-frequency.js';
import { velocity, velocityDefaults } from './rules/velocity.js';
import type { FiredRule } from './scoring.js';
import { readyBaseline, ruleInput, tx } from './testing/rule-input.js';

const DAY = 86_400_000;
const at = (iso: string, days = 0, hours = 0) =>
  new Date(Date.parse(iso) + days * DAY + hours * 3_600_000).toISOString();

describe('Received and forwarded (default row): a stranger’s money passed on', () => {
  const params = passThroughDefaults[0]!.parameters as never;
  const fromStranger = (when: string, amount: number, fields: Partial<Transaction> = {}) =>
    tx(when, amount, {
      direction: 'CREDIT',
      channel: 'P2P',
      counterpartyId: 'cp-new-sender',
      counterpartyType: 'INDIVIDUAL',
      ...fields,
    });
  const credit = fromStranger('2026-06-01T10:00:00Z', 2000);

  test('one credit of 2,000 from a new payer, 70% of it wired on within hours, fires', () => {
    const out = tx('2026-06-01T14:00:00Z', 1400, { channel: 'WIRE', counterpartyId: 'cp-abroad' });
    expect(passThrough.measure(ruleInput(out, { transactions: [credit] }), params)).toMatchObject({
      outcome: 'FIRED',
      transactionIds: [credit.id, out.id],
    });
  });

  test('edge: a cent under 70% does not fire; a credit under 1,000 does not count', () => {
    const under = tx('2026-06-01T14:00:00Z', 1399.99, { channel: 'CRYPTO' });
    expect(passThrough.measure(ruleInput(under, { transactions: [credit] }), params).outcome).toBe(
      'NOT_FIRED',
    );
    const small = fromStranger('2026-06-01T10:00:00Z', 999.99);
    const all = tx('2026-06-01T14:00:00Z', 999, { channel: 'TELLER' });
    expect(passThrough.measure(ruleInput(all, { transactions: [small] }), params).outcome).toBe('NOT_FIRED');
  });

  test('a payer who paid the customer before (a tenant, a buyer they know) is not a stranger', () => {
    const earlier = fromStranger('2026-03-01T10:00:00Z', 500);
    const out = tx('2026-06-01T14:00:00Z', 1900, { channel: 'WIRE', counterpartyId: 'cp-abroad' });
    expect(passThrough.measure(ruleInput(out, { transactions: [earlier, credit] }), params).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('life event: a daughter sends 3,000 for the roof and the roofer is paid by check: nothing', () => {
    const help = fromStranger('2026-06-01T10:00:00Z', 3000, { counterpartyRelationship: 'FAMILY' });
    const roofer = tx('2026-06-02T10:00:00Z', 3000, {
      channel: 'CHECK',
      counterpartyId: 'cp-roofer',
      counterpartyType: 'BUSINESS',
    });
    expect(passThrough.measure(ruleInput(roofer, { transactions: [help] }), params).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('purchases and bills after a stranger’s credit are spending, not passing it on', () => {
    const card = tx('2026-06-01T12:00:00Z', 1500, { channel: 'CARD', counterpartyType: 'BUSINESS' });
    const bill = tx('2026-06-01T13:00:00Z', 500, { channel: 'ACH', counterpartyType: 'BUSINESS' });
    expect(passThrough.measure(ruleInput(bill, { transactions: [credit, card] }), params).outcome).toBe(
      'NOT_FIRED',
    );
    const p2p = tx('2026-06-01T14:00:00Z', 1400, { channel: 'P2P', counterpartyId: 'cp-x' });
    expect(passThrough.measure(ruleInput(p2p, { transactions: [credit, card, bill] }), params).outcome).toBe(
      'FIRED',
    );
  });
});

describe('Dormant account reactivated (default row): the first debit after 120 idle days', () => {
  const params = dormancyDefaults[0]!.parameters as never;
  const pension = (days: number) =>
    tx(at('2026-01-01T10:00:00Z', days), 1500, {
      direction: 'CREDIT',
      channel: 'ACH',
      counterpartyId: 'cp-pension',
      counterpartyType: 'BUSINESS',
    });
  const lastOwnDebit = tx('2026-01-01T10:00:00Z', 80, { channel: 'CARD' });
  const history = [lastOwnDebit, pension(30), pension(60), pension(90)];

  test('edge: a 200 ATM withdrawal 120 days after the last customer debit fires; 119 days after does not', () => {
    const first = tx(at('2026-01-01T10:00:00Z', 120), 200, { channel: 'ATM' });
    expect(dormancy.measure(ruleInput(first, { transactions: history }), params).outcome).toBe('FIRED');
    const early = tx(at('2026-01-01T10:00:00Z', 119, 23), 200, { channel: 'ATM' });
    expect(dormancy.measure(ruleInput(early, { transactions: history }), params).outcome).toBe('NOT_FIRED');
  });

  test('the second debit of the burst does not fire again as a reactivation of its own', () => {
    const first = tx(at('2026-01-01T10:00:00Z', 130), 200, { channel: 'ATM' });
    const second = tx(at('2026-01-01T10:00:00Z', 131), 300, { channel: 'ATM' });
    const measured = dormancy.measure(ruleInput(second, { transactions: [...history, first] }), params);
    // It still measures the same burst (evidence joins the open signal), never a later idle period.
    expect(measured).toMatchObject({ outcome: 'FIRED', transactionIds: [first.id, second.id] });
  });
});

describe('Cash withdrawals more often than usual (cash_frequency)', () => {
  const params = velocityDefaults.find((r) => r.name === 'Cash withdrawals more often than usual')!
    .parameters as never;
  // 100 debits in 180 days, 4% of them at the ATM: about 0.31 withdrawals in 14 days usually, so the
  // floor of 6 decides.
  const baseline = readyBaseline({
    channelMix: { CARD: { countShare: 0.96, valueShare: 0.8 }, ATM: { countShare: 0.04, valueShare: 0.2 } },
  });
  const withdrawals = (count: number, amount = 200, fields: Partial<Transaction> = {}) =>
    Array.from({ length: count }, (_, i) =>
      tx(at('2026-06-01T21:00:00Z', 0, i * 28), amount, { channel: 'ATM', country: 'US', ...fields }),
    );
  const measure = (list: Transaction[], b = baseline) =>
    velocity.measure(ruleInput(list.at(-1)!, { transactions: list }, { baseline: b }), params);

  test('edge: the sixth withdrawal of 200 at home within 14 days fires; five do not', () => {
    expect(measure(withdrawals(6))).toMatchObject({ outcome: 'FIRED', measured: 6, threshold: 6 });
    expect(measure(withdrawals(5)).outcome).toBe('NOT_FIRED');
  });

  test('the seventh does not fire again (only the crossing withdrawal does)', () => {
    expect(measure(withdrawals(7)).outcome).toBe('NOT_FIRED');
  });

  test('a customer who uses the ATM every few days needs a count their habit would reach by chance under 1 in 10,000', () => {
    // 30% of 100 debits in 180 days: about 2.3 in 14 days usually; P(X >= 11) < 0.0001 <= P(X >= 10).
    const heavy = readyBaseline({
      channelMix: { CARD: { countShare: 0.7, valueShare: 0.5 }, ATM: { countShare: 0.3, valueShare: 0.5 } },
    });
    expect(measure(withdrawals(10), heavy).outcome).toBe('NOT_FIRED');
    expect(measure(withdrawals(11), heavy)).toMatchObject({ outcome: 'FIRED', threshold: 11 });
  });

  test('poissonThreshold(): the count a usual rate reaches by chance at most max_chance of the time', () => {
    expect(poissonThreshold(0, 0.0001)).toBe(1);
    expect(poissonThreshold(1, 0.0001)).toBe(7);
    expect(poissonThreshold(2, 0.0001)).toBe(10);
    expect(poissonThreshold(2, 0.01)).toBe(7);
  });

  test('edge: six withdrawals totalling under 1,000 do not fire', () => {
    expect(measure(withdrawals(6, 166.66)).outcome).toBe('NOT_FIRED');
    expect(measure(withdrawals(6, 166.67)).outcome).toBe('FIRED');
  });

  test('life event: a trip abroad with cash from the machines there does not fire', () => {
    expect(measure(withdrawals(6, 200, { country: 'IT' })).outcome).toBe('NOT_FIRED');
  });

  test('no READY baseline: INSUFFICIENT_HISTORY', () => {
    expect(measure(withdrawals(6), readyBaseline({ status: 'INSUFFICIENT_HISTORY' })).outcome).toBe(
      'INSUFFICIENT_HISTORY',
    );
  });
});

describe('corroboration: a payment to declared family needs more than a generic anomaly', () => {
  const fired = (ruleType: string, severity: 'MEDIUM' | 'HIGH', id = ruleType): FiredRule =>
    ({
      rule: { id, name: id, ruleType, version: 1, weight: 0.3, severity, signalCategory: 'UNDETERMINED' },
      measurement: { outcome: 'FIRED' },
      category: 'UNDETERMINED',
    }) as never;
  const toFamily = tx('2026-06-01T10:00:00Z', 5200, {
    channel: 'ONLINE_TRANSFER',
    counterpartyId: 'cp-son',
    counterpartyType: 'INDIVIDUAL',
    counterpartyRelationship: 'FAMILY',
  });
  const toStranger = { ...toFamily, counterpartyRelationship: null };
  const generic = [
    fired('BASELINE_DEVIATION', 'MEDIUM', 'large'),
    fired('BASELINE_DEVIATION', 'MEDIUM', 'shift'),
  ];

  test('life event: help with the rent to a son on file (large debit + channel shift) opens no case', () => {
    expect(isCorroborated(generic, { kind: 'transaction', transaction: toFamily })).toBe(false);
  });
  test('the same two hits on a payment to an individual not on file do', () => {
    expect(isCorroborated(generic, { kind: 'transaction', transaction: toStranger })).toBe(true);
  });
  test('a relationship measurement on the family payment still counts', () => {
    expect(
      isCorroborated([...generic, fired('RELATIONSHIP', 'MEDIUM')], {
        kind: 'transaction',
        transaction: toFamily,
      }),
    ).toBe(true);
  });
});

describe('payee_above_usual: a caregiver paid above their own busiest month (mode, not a default row)', () => {
  // Measured as a default row on two 400-profile runs it added more false signals (7 and 5) than it
  // saved money (see README's tuning notes), so it ships as a mode a tenant can enable.
  const params = {
    mode: 'payee_above_usual',
    relationships: ['CAREGIVER'],
    counterparty_types: [],
    window_days: 30,
    reference_windows: 5,
    min_amount: 1000,
    growth_multiple: 1.5,
    max_single_share: 0.6,
  } as never;
  const START = '2026-01-02T10:00:00Z';
  const pay = (day: number, amount: number) =>
    tx(at(START, day), amount, {
      channel: 'CHECK',
      counterpartyId: 'cp-carer',
      counterpartyName: 'Irene Williams',
      counterpartyType: 'INDIVIDUAL',
      counterpartyRelationship: 'CAREGIVER',
    });
  // 300 a week for 180 days: 26 pay days, 4 or 5 in each 30-day window (largest 1,500).
  const weekly = Array.from({ length: 26 }, (_, i) => pay(i * 7, 300));
  const measure = (item: Transaction, history: Transaction[]) =>
    relationship.measure(ruleInput(item, { transactions: history }), params);

  test('ordinary weeks, including a month with five pay days, do not fire', () => {
    const next = pay(182, 300);
    expect(measure(next, [...weekly, next]).outcome).toBe('NOT_FIRED');
  });

  test('edge: "advances" that take the last 30 days to 1.5 times the busiest month fire; a cent less does not', () => {
    // The 30 days to day 182: pay days 154, 161, 168, 175 (1,200) plus the advance; the busiest of
    // the five windows before, days 63–91, had five pay days (1,500).
    const fires = pay(182, 1050);
    expect(measure(fires, [...weekly, fires])).toMatchObject({
      outcome: 'FIRED',
      measured: 225_000,
      threshold: 225_000,
      baseline: 150_000,
    });
    const under = pay(182, 1049.99);
    expect(measure(under, [...weekly, under]).outcome).toBe('NOT_FIRED');
  });

  test('life event: a caregiver hired two months ago (a new caregiver) does not fire, however the pay grows', () => {
    const recent = Array.from({ length: 8 }, (_, i) => pay(130 + i * 7, 300 + i * 100));
    const item = pay(186, 1500);
    expect(measure(item, [...recent, item]).outcome).toBe('NOT_FIRED');
  });

  test('one large payment (a holiday bonus making most of the month) is not creep', () => {
    // 1,200 + 1,800 = 3,000 crosses 2,250, but the bonus is 60% of it.
    const bonus = pay(182, 1800);
    expect(measure(bonus, [...weekly, bonus]).outcome).toBe('NOT_FIRED');
    const smaller = pay(182, 1799);
    expect(measure(smaller, [...weekly, smaller]).outcome).toBe('FIRED');
  });

  test('payments to someone who is not a caregiver are not measured', () => {
    const friend = tx(at(START, 185), 5000, { channel: 'CHECK', counterpartyId: 'cp-carer' });
    expect(measure(friend, [...weekly, friend]).outcome).toBe('NOT_FIRED');
  });
});
