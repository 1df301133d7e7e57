import { describe, expect, test } from 'vitest';
import { buildBaseline } from './build-baseline.js';
import { tx } from './test-transactions.js';

const AS_OF = Date.parse('2026-07-01T00:00:00Z');

describe('buildBaseline() on a hand-computed month', () => {
  const history = [
    tx('2026-06-01T10:00:00Z', 50, {
      counterpartyId: 'GROCER',
      country: 'US',
      deviceId: 'D1',
      balanceAfterMinor: 100_000,
    }),
    tx('2026-06-02T11:00:00Z', 200, { channel: 'ATM', balanceAfterMinor: 80_000 }),
    tx('2026-06-03T08:00:00Z', 1800, {
      direction: 'CREDIT',
      channel: 'ACH',
      counterpartyId: 'SSA',
      balanceAfterMinor: 260_000,
    }),
    tx('2026-06-08T10:00:00Z', 30, { counterpartyId: 'GROCER', country: 'US', deviceId: 'D1' }),
    tx('2026-06-15T15:00:00Z', 120, {
      channel: 'BILL_PAY',
      counterpartyId: 'UTIL',
      counterpartyCountry: 'US',
    }),
    tx('2026-06-20T09:00:00Z', 60, { channel: 'ATM', country: 'CA' }),
  ];
  const b = buildBaseline({ transactions: history, asOfMs: AS_OF, lookbackDays: 180 });

  test('counts and window', () => {
    expect(b).toMatchObject({
      asOfMs: AS_OF,
      windowStartMs: AS_OF - 180 * 86_400_000,
      status: 'INSUFFICIENT_HISTORY',
      transactionCount: 6,
      debitCount: 5,
      creditCount: 1,
      activeDays: 6,
    });
  });

  test('debit amount statistics', () => {
    // debits 30, 50, 60, 120, 200 → median 60, deviations 0,10,30,60,140 → MAD 30; p95 rank 3.8 → 120 + 0.8 × 80
    expect(b.debitAmount).toEqual({ median: 6000, mad: 3000, p95: 18_400, p99: 19_680, max: 20_000 });
  });

  test('daily, weekly and monthly aggregates counted back from as_of', () => {
    // weeks back from Jul 1: [Jun 24,Jul 1) 0, [Jun 17,24) 60, [Jun 10,17) 120, [Jun 3,10) 30, [May 27,Jun 3) 250
    // p95 rank 3.8 over 0, 30, 60, 120, 250 → 120 + 0.8 × 130 = 224
    expect(b.weeklyOutflow).toEqual({ median: 6000, mad: 6000, p95: 22_400, max: 25_000 });
    expect(b.weeklyDebitCountP95).toBeCloseTo(1.8, 10);
    expect(b.dailyDebitCountP95).toBe(1);
    expect(b.monthlyOutflowMedian).toBe(46_000);
    expect(b.monthlyIncomeMedian).toBe(180_000);
  });

  test('cash habits and channel mix', () => {
    expect(b.cashWithdrawal).toEqual({ median: 13_000, p95: 19_300, roundShare: 0.5 });
    expect(b.channelMix.CARD?.countShare).toBeCloseTo(0.4, 10);
    expect(b.channelMix.CARD?.valueShare).toBeCloseTo(8000 / 46_000, 10);
    expect(b.channelMix.ATM?.valueShare).toBeCloseTo(26_000 / 46_000, 10);
    expect(b.channelMix.BILL_PAY?.countShare).toBeCloseTo(0.2, 10);
    expect(b.channelMix.WIRE).toBeUndefined();
  });

  test('known counterparties, countries, devices and hours', () => {
    expect(b.counterparties).toEqual({
      GROCER: {
        firstSeenMs: Date.parse('2026-06-01T10:00:00Z'),
        lastSeenMs: Date.parse('2026-06-08T10:00:00Z'),
        count: 2,
        totalMinor: 8000,
        typicalMinor: 4000,
      },
      UTIL: {
        firstSeenMs: Date.parse('2026-06-15T15:00:00Z'),
        lastSeenMs: Date.parse('2026-06-15T15:00:00Z'),
        count: 1,
        totalMinor: 12_000,
        typicalMinor: 12_000,
      },
    });
    expect(Object.keys(b.countries).sort()).toEqual(['CA', 'US']);
    expect(b.countries.US?.count).toBe(3);
    expect(b.devices).toEqual({
      D1: {
        firstSeenMs: Date.parse('2026-06-01T10:00:00Z'),
        lastSeenMs: Date.parse('2026-06-08T10:00:00Z'),
        count: 2,
      },
    });
    expect(b.hourHistogram[10]).toBe(2);
    expect(b.hourHistogram.reduce((a, n) => a + n, 0)).toBe(6);
  });

  test('median balance and the last customer-initiated debit (bill pay is not)', () => {
    expect(b.medianBalanceMinor).toBe(100_000);
    expect(b.lastCustomerDebitMs).toBe(Date.parse('2026-06-20T09:00:00Z'));
  });
});

describe('buildBaseline() edges', () => {
  test('an empty history is INSUFFICIENT_HISTORY with empty statistics', () => {
    const b = buildBaseline({ transactions: [], asOfMs: AS_OF, lookbackDays: 180 });
    expect(b).toMatchObject({
      status: 'INSUFFICIENT_HISTORY',
      transactionCount: 0,
      debitAmount: null,
      cashWithdrawal: null,
      weeklyOutflow: { median: 0, mad: 0, p95: 0, max: 0 },
      dailyDebitCountP95: 0,
      recurringCredits: [],
      medianBalanceMinor: null,
      lastCustomerDebitMs: null,
    });
  });

  test('one debit gives that debit as every statistic', () => {
    const b = buildBaseline({
      transactions: [tx('2026-06-10T12:00:00Z', 42.5)],
      asOfMs: AS_OF,
      lookbackDays: 180,
    });
    expect(b.debitAmount).toEqual({ median: 4250, mad: 0, p95: 4250, p99: 4250, max: 4250 });
  });

  test('a customer with only credits has no debit statistics but a recurring benefit', () => {
    const credits = ['01', '02', '03', '04', '05', '06'].map((m) =>
      tx(`2026-${m}-03T06:00:00Z`, 1843.2, { direction: 'CREDIT', channel: 'ACH', counterpartyId: 'SSA' }),
    );
    const b = buildBaseline({ transactions: credits, asOfMs: AS_OF, lookbackDays: 180 });
    expect(b.debitAmount).toBeNull();
    expect(b.debitCount).toBe(0);
    expect(b.status).toBe('INSUFFICIENT_HISTORY');
    expect(b.monthlyIncomeMedian).toBe(184_320);
    expect(b.recurringCredits).toEqual([
      {
        source: 'SSA',
        cadenceDays: 30,
        usualDay: 3,
        typicalAmountMinor: 184_320,
        count: 6,
        lastSeenMs: Date.parse('2026-06-03T06:00:00Z'),
      },
    ]);
  });

  test('is READY with 90 days between first and last transaction and 20 debits, not with 19', () => {
    const weekly = Array.from({ length: 20 }, (_, i) =>
      tx(new Date(Date.parse('2026-01-05T10:00:00Z') + i * 7 * 86_400_000).toISOString(), 25),
    );
    expect(buildBaseline({ transactions: weekly, asOfMs: AS_OF, lookbackDays: 180 }).status).toBe('READY');
    expect(buildBaseline({ transactions: weekly.slice(1), asOfMs: AS_OF, lookbackDays: 180 }).status).toBe(
      'INSUFFICIENT_HISTORY',
    );
    const short = Array.from({ length: 30 }, (_, i) =>
      tx(new Date(Date.parse('2026-05-01T10:00:00Z') + i * 86_400_000).toISOString(), 25),
    );
    expect(buildBaseline({ transactions: short, asOfMs: AS_OF, lookbackDays: 180 }).status).toBe(
      'INSUFFICIENT_HISTORY',
    );
  });

  test('keeps [as_of − lookback, as_of) and leaves out excluded transactions', () => {
    const atStart = tx(new Date(AS_OF - 30 * 86_400_000).toISOString(), 10);
    const beforeStart = tx(new Date(AS_OF - 30 * 86_400_000 - 1).toISOString(), 10);
    const atAsOf = tx(new Date(AS_OF).toISOString(), 10);
    const confirmedTheft = tx('2026-06-20T10:00:00Z', 900);
    const b = buildBaseline({
      transactions: [atStart, beforeStart, atAsOf, confirmedTheft],
      asOfMs: AS_OF,
      lookbackDays: 30,
      excludedTransactionIds: new Set([confirmedTheft.id]),
    });
    expect(b.transactionCount).toBe(1);
    expect(b.debitAmount?.max).toBe(1000);
  });

  test('does not depend on the order of its input', () => {
    const list = [
      tx('2026-06-01T10:00:00Z', 5),
      tx('2026-06-05T10:00:00Z', 7, { counterpartyId: 'X' }),
      tx('2026-06-09T10:00:00Z', 9, { counterpartyId: 'X' }),
    ];
    const forward = buildBaseline({ transactions: list, asOfMs: AS_OF, lookbackDays: 180 });
    const backward = buildBaseline({ transactions: [...list].reverse(), asOfMs: AS_OF, lookbackDays: 180 });
    expect(backward).toEqual(forward);
  });
});
