import { describe, expect, test } from 'vitest';
import { createLedger, finalizeLedger, type FinalizeOptions } from './ledger.js';
import { DAY_MS, parseDay } from './time.js';

const FROM = parseDay('2026-01-01');
const OPTIONS: FinalizeOptions = {
  customerId: 'SIM-000007',
  idStem: '000007',
  openingBalanceCents: 10_000,
  fromMs: FROM,
  toMs: FROM + 30 * DAY_MS,
  savings: {
    id: 'S000007',
    name: 'Savings account',
    type: 'INDIVIDUAL',
    relationship: 'SELF',
    country: 'US',
  },
};

describe('finalizeLedger()', () => {
  test('numbers rows in time order whatever order they were added in', () => {
    const ledger = createLedger();
    const late = ledger.add({
      atMs: FROM + 2 * DAY_MS,
      amountCents: 500,
      direction: 'DEBIT',
      channel: 'CARD',
    });
    const early = ledger.add({ atMs: FROM + DAY_MS, amountCents: 700, direction: 'CREDIT', channel: 'ACH' });
    const { transactions } = finalizeLedger(ledger, OPTIONS);
    expect(transactions.map((tx) => tx.external_id)).toEqual(['T00000700001', 'T00000700002']);
    expect([early.externalId, late.externalId]).toEqual(['T00000700001', 'T00000700002']);
    expect(transactions.map((tx) => tx.balance_after)).toEqual([107, 102]);
  });

  test('drops rows outside the period and leaves their external ID empty', () => {
    const ledger = createLedger();
    const outside = ledger.add({
      atMs: FROM + 31 * DAY_MS,
      amountCents: 500,
      direction: 'DEBIT',
      channel: 'CARD',
    });
    const event = ledger.addEvent({ atMs: FROM - 1, eventType: 'LOGIN' });
    const result = finalizeLedger(ledger, OPTIONS);
    expect(result).toEqual({ transactions: [], events: [] });
    expect([outside.externalId, event.externalId]).toEqual(['', '']);
  });

  test('sweeps from savings before a debit that would overdraw checking', () => {
    const ledger = createLedger();
    ledger.add({ atMs: FROM + DAY_MS, amountCents: 250_000, direction: 'DEBIT', channel: 'WIRE' });
    const { transactions } = finalizeLedger(ledger, OPTIONS);
    expect(transactions).toHaveLength(2);
    expect(transactions[0]).toMatchObject({
      direction: 'CREDIT',
      counterparty_relationship: 'SELF',
      initiated_by: 'INSTITUTION',
    });
    expect(transactions[1]!.balance_after).toBeGreaterThanOrEqual(0);
  });

  test('leaves optional fields out of the wire record instead of sending undefined', () => {
    const ledger = createLedger();
    ledger.add({
      atMs: FROM,
      amountCents: 1234,
      direction: 'CREDIT',
      channel: 'ACH',
      description: undefined,
    });
    const [tx] = finalizeLedger(ledger, OPTIONS).transactions;
    expect(Object.keys(tx!)).toEqual([
      'customer_id',
      'external_id',
      'occurred_at',
      'amount',
      'direction',
      'channel',
      'balance_after',
    ]);
    expect(tx!.amount).toBe(12.34);
  });

  test('rejects an amount that is not a positive number of cents', () => {
    expect(() =>
      createLedger().add({ atMs: FROM, amountCents: 0, direction: 'DEBIT', channel: 'CARD' }),
    ).toThrow();
    expect(() =>
      createLedger().add({ atMs: FROM, amountCents: 1.5, direction: 'DEBIT', channel: 'CARD' }),
    ).toThrow();
  });
});
