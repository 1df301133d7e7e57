import { describe, expect, test } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the defaults are checked the way the rules API validates parameters
import { validatorCompiler } from '../../../api/validation.js';
import type { Transaction } from '../../activity.js';
import { ruleInput, tx } from '../testing/rule-input.js';
import { dormancy, dormancyDefaults } from './dormancy.js';

// The mechanics are tested with the rule's original row (180 idle days, 3 debits); the tuned default
// row (issue 13) is tested at the end.
const params = { idle_days: 180, window_days: 30, min_debits: 3, min_balance_share: 0.2 } as never;

/** A customer card debit on 2025-12-01, then only pension credits (balance 10,000) until the burst. */
function idleSince(lastDebitAt = '2025-12-01T10:00:00Z'): Transaction[] {
  return [
    tx(lastDebitAt, 40),
    tx('2026-03-01T08:00:00Z', 1500, { direction: 'CREDIT', channel: 'ACH', balanceAfterMinor: 950_000 }),
    tx('2026-06-01T08:00:00Z', 1500, { direction: 'CREDIT', channel: 'ACH', balanceAfterMinor: 1_000_000 }),
  ];
}

const atm = (at: string, amount = 200) => tx(at, amount, { channel: 'ATM', initiatedBy: 'CUSTOMER' });

describe('DORMANCY measure()', () => {
  test('looks back HISTORY_DAYS (400) at most: a debit or credit older than that is not seen, however much history is given', () => {
    const item = tx('2026-06-02T10:00:00Z', 2000, { channel: 'ONLINE_TRANSFER', initiatedBy: 'CUSTOMER' });
    // Only an item 401 days before: as if scoring had loaded its usual 400 days, nothing is known.
    const old = tx('2025-04-27T10:00:00Z', 40, { balanceAfterMinor: 1_000_000 });
    expect(dormancy.measure(ruleInput(item, { transactions: [old] }), params)).toMatchObject({
      outcome: 'INSUFFICIENT_HISTORY',
    });
    // 399 days before: inside the horizon, so the account is known to have been idle since then.
    const inside = tx('2025-04-29T10:00:00Z', 40, { balanceAfterMinor: 1_000_000 });
    expect(dormancy.measure(ruleInput(item, { transactions: [inside] }), params)).toMatchObject({
      outcome: 'FIRED',
    });
  });

  test('fires on the third customer debit within 30 days after 182 idle days, with the burst as evidence', () => {
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z'), atm('2026-06-20T10:00:00Z')];
    const input = ruleInput(burst[2]!, { transactions: [...idleSince(), ...burst.slice(0, 2)] });
    const result = dormancy.measure(input, params);
    expect(result).toMatchObject({
      outcome: 'FIRED',
      measured: 3,
      threshold: 3,
      baseline: null,
      transactionIds: burst.map((t) => t.id),
      eventIds: [],
    });
    expect(result.outcome === 'FIRED' && result.reason).toContain(
      'After 182 days without a customer-initiated debit',
    );
  });

  test.each([
    [2000, 'FIRED'],
    [1999.99, 'NOT_FIRED'],
  ])(
    'a single debit of %s against a last known balance of 10,000 answers %s (20% of the balance)',
    (amount, outcome) => {
      const item = tx('2026-06-02T10:00:00Z', amount, {
        channel: 'ONLINE_TRANSFER',
        initiatedBy: 'CUSTOMER',
      });
      expect(dormancy.measure(ruleInput(item, { transactions: idleSince() }), params)).toMatchObject(
        outcome === 'FIRED' ? { outcome, measured: 200_000, threshold: 200_000 } : { outcome },
      );
    },
  );

  test.each([
    [
      'the last customer debit was 179 days before the burst',
      idleSince('2025-12-04T10:00:00Z'),
      '2026-06-20T10:00:00Z',
    ],
    ['the first of the three debits is 30 days before the third', idleSince(), '2026-07-01T10:00:00Z'],
  ])('does not fire when %s', (_name, history, thirdAt) => {
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z')];
    const item = atm(thirdAt);
    expect(dormancy.measure(ruleInput(item, { transactions: [...history, ...burst] }), params).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('answers INSUFFICIENT_HISTORY when no customer debit is known and the history reaches back less than 180 days', () => {
    const credit = tx('2026-01-01T08:00:00Z', 1500, { direction: 'CREDIT', channel: 'ACH' });
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z'), atm('2026-06-20T10:00:00Z')];
    const input = ruleInput(burst[2]!, { transactions: [credit, ...burst] });
    expect(dormancy.measure(input, params).outcome).toBe('INSUFFICIENT_HISTORY');
  });

  test('fires when no customer debit is known and the history reaches back 180 days', () => {
    const credit = tx('2025-12-03T10:00:00Z', 1500, { direction: 'CREDIT', channel: 'ACH' });
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z'), atm('2026-06-20T10:00:00Z')];
    const result = dormancy.measure(ruleInput(burst[2]!, { transactions: [credit, ...burst] }), params);
    expect(result.outcome === 'FIRED' && result.reason).toContain('After at least 180 days');
  });

  test('scheduled bill payments neither break the idle period nor count in the burst', () => {
    const bills = ['2026-01-15', '2026-02-15', '2026-03-15', '2026-04-15', '2026-05-15', '2026-06-15'].map(
      (d) => tx(`${d}T06:00:00Z`, 80, { channel: 'ACH' }),
    );
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z'), atm('2026-06-20T10:00:00Z')];
    const input = ruleInput(burst[2]!, { transactions: [...idleSince(), ...bills, ...burst] });
    expect(dormancy.measure(input, params)).toMatchObject({ outcome: 'FIRED', measured: 3 });
    const twoAndABill = ruleInput(burst[1]!, { transactions: [...idleSince(), ...bills, burst[0]!] });
    expect(dormancy.measure(twoAndABill, params).outcome).toBe('NOT_FIRED');
  });

  test('does not fire on debits an agent or the institution initiated', () => {
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z')];
    for (const initiatedBy of ['FIDUCIARY', 'INSTITUTION'] as const) {
      const item = tx('2026-06-20T10:00:00Z', 5000, { channel: 'ONLINE_TRANSFER', initiatedBy });
      const input = ruleInput(item, { transactions: [...idleSince(), ...burst] });
      expect(dormancy.measure(input, params).outcome).toBe('NOT_FIRED');
    }
  });

  test('ignores debits after the scored one', () => {
    const burst = [atm('2026-06-01T10:00:00Z'), atm('2026-06-10T10:00:00Z'), atm('2026-06-20T10:00:00Z')];
    const input = ruleInput(burst[1]!, { transactions: [...idleSince(), ...burst] });
    expect(dormancy.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test('every default rule validates against the parameter schema', () => {
    const validate = validatorCompiler({
      schema: dormancy.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    }) as (data: unknown) => boolean;
    for (const rule of dormancyDefaults) {
      expect(rule.ruleType).toBe(dormancy.type);
      expect(validate(structuredClone(rule.parameters))).toBe(true);
    }
    expect(validate({ idle_days: 0 })).toBe(false);
    expect(validate({ unknown: 1 })).toBe(false);
  });
});
