import { describe, expect, test } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the defaults are checked the way the rules API validates parameters
import { validatorCompiler } from '../../../api/validation.js';
import { readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { balanceTrend, balanceTrendDefaults } from './balance-trend.js';

const params = balanceTrendDefaults[0]!.parameters as never;
const balance = (major: number) => ({ balanceAfterMinor: Math.round(major * 100) });

/** A fall from the peak in three debits: two of 2,000, then the scored one down to finalBalance. */
function depletion(finalBalance: number, peakAt = '2026-06-01T09:00:00Z', peak = 10_000) {
  const peakCredit = tx(peakAt, 2000, { direction: 'CREDIT', ...balance(peak) });
  const first = tx('2026-06-10T10:00:00Z', 2000, balance(peak - 2000));
  const spent = tx('2026-06-15T10:00:00Z', 2000, balance(peak - 4000));
  const item = tx('2026-06-25T10:00:00Z', peak - 4000 - finalBalance, balance(finalBalance));
  return {
    peakCredit,
    spent,
    item,
    first,
    input: ruleInput(item, { transactions: [peakCredit, first, spent] }),
  };
}

describe('BALANCE_TREND measure()', () => {
  test('fires when the balance falls by half from a peak of 10,000 within 30 days, with the debits since the peak', () => {
    const { first, spent, item, input } = depletion(4000);
    expect(balanceTrend.measure(input, params)).toMatchObject({
      outcome: 'FIRED',
      measured: 600_000,
      threshold: 500_000,
      baseline: null,
      transactionIds: [first.id, spent.id, item.id],
      eventIds: [],
    });
  });

  test('fires only on the debit that crosses half the peak, not on the next one of the same fall', () => {
    const { peakCredit, first, spent, item } = depletion(4000);
    const next = tx('2026-06-26T10:00:00Z', 100, balance(3900));
    const input = ruleInput(next, { transactions: [peakCredit, first, spent, item] });
    expect(balanceTrend.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test("does not fire when the balance left is still above half the customer's usual balance", () => {
    const { item, peakCredit, spent } = depletion(4000);
    const usual = readyBaseline({ medianBalanceMinor: 700_000 });
    const low = readyBaseline({ medianBalanceMinor: 900_000 });
    expect(
      balanceTrend.measure(
        ruleInput(item, { transactions: [peakCredit, spent] }, { baseline: usual }),
        params,
      ).outcome,
    ).toBe('NOT_FIRED');
    expect(
      balanceTrend.measure(ruleInput(item, { transactions: [peakCredit, spent] }, { baseline: low }), params),
    ).toMatchObject({
      outcome: 'FIRED',
      baseline: 900_000,
    });
  });

  test('does not fire when one debit makes half of the fall or more (a one-off large purchase)', () => {
    const peak = tx('2026-06-01T09:00:00Z', 2000, { direction: 'CREDIT', ...balance(10_000) });
    const roof = tx('2026-06-25T10:00:00Z', 6000, balance(4000));
    expect(balanceTrend.measure(ruleInput(roof, { transactions: [peak] }), params).outcome).toBe('NOT_FIRED');
  });

  test('fires at exactly half the peak', () => {
    expect(balanceTrend.measure(depletion(5000).input, params).outcome).toBe('FIRED');
  });

  test.each([
    ['the balance left is a cent above half the peak', depletion(5000.01).input],
    ['the peak is a cent below 5,000', depletion(2000, '2026-06-01T09:00:00Z', 4999.99).input],
  ])('does not fire when %s', (_name, input) => {
    expect(balanceTrend.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test.each([
    ['2026-05-26T10:00:01Z', 'FIRED'],
    ['2026-05-26T10:00:00Z', 'NOT_FIRED'],
    ['2026-05-25T10:00:00Z', 'NOT_FIRED'],
  ])(
    'with the peak at %s and the debit on 2026-06-25T10:00Z, answers %s (the window is 30 days)',
    (at, outcome) => {
      const peak = tx(at, 2000, { direction: 'CREDIT', ...balance(10_000) });
      const spent = tx('2026-06-20T10:00:00Z', 2800, balance(7200));
      const middle = tx('2026-06-22T10:00:00Z', 200, balance(7000));
      const item = tx('2026-06-25T10:00:00Z', 2800, balance(4200));
      expect(
        balanceTrend.measure(ruleInput(item, { transactions: [peak, spent, middle] }), params).outcome,
      ).toBe(outcome);
    },
  );

  test('does not fire on a debit without a balance, on a credit, or without an earlier balance', () => {
    const peak = tx('2026-06-01T09:00:00Z', 10, { direction: 'CREDIT', ...balance(10_000) });
    const noBalance = tx('2026-06-02T09:00:00Z', 9000);
    expect(balanceTrend.measure(ruleInput(noBalance, { transactions: [peak] }), params).outcome).toBe(
      'NOT_FIRED',
    );
    const credit = tx('2026-06-02T09:00:00Z', 10, { direction: 'CREDIT', ...balance(100) });
    expect(balanceTrend.measure(ruleInput(credit, { transactions: [peak] }), params).outcome).toBe(
      'NOT_FIRED',
    );
    const alone = tx('2026-06-02T09:00:00Z', 10, balance(100));
    expect(balanceTrend.measure(ruleInput(alone), params).outcome).toBe('NOT_FIRED');
  });

  test('ignores balances after the scored debit', () => {
    const peak = tx('2026-06-01T09:00:00Z', 10, { direction: 'CREDIT', ...balance(6000) });
    const item = tx('2026-06-10T09:00:00Z', 2000, balance(4000));
    const laterPeak = tx('2026-06-10T09:00:01Z', 16_000, { direction: 'CREDIT', ...balance(20_000) });
    const laterDebit = tx('2026-06-11T09:00:00Z', 19_000, balance(1000));
    const input = ruleInput(item, { transactions: [peak, laterPeak, laterDebit] });
    expect(balanceTrend.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test('every default rule validates against the parameter schema', () => {
    const validate = validatorCompiler({
      schema: balanceTrend.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    }) as (data: unknown) => boolean;
    for (const rule of balanceTrendDefaults) {
      expect(rule.ruleType).toBe(balanceTrend.type);
      expect(validate(structuredClone(rule.parameters))).toBe(true);
    }
    expect(validate({ min_drop_share: 1.5 })).toBe(false);
    expect(validate({ unknown: 1 })).toBe(false);
  });
});
