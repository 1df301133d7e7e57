import { describe, expect, test } from 'vitest';
// Parameters are checked with the rules API's own validator (test-only import across the domain boundary).
// eslint-disable-next-line no-restricted-imports
import { validatorCompiler } from '../../../api/validation.js';
import type { AccountEvent, Transaction } from '../../activity.js';
import type { Baseline, RecurringCredit } from '../../baseline/baseline.js';
import { ev, readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { missingExpectedActivity, missingExpectedActivityDefaults } from './missing-expected-activity.js';

const [benefitRule, billsRule] = missingExpectedActivityDefaults;
const benefitParams = benefitRule!.parameters as never;
const billsParams = billsRule!.parameters as never;
const at = (iso: string) => Date.parse(iso);
const ITEM_AT = '2026-05-20T09:00:00Z';

interface Case {
  asOf: string;
  transactions?: Transaction[];
  events?: AccountEvent[];
  baseline?: Baseline | null;
}
const measure = (params: never, c: Case) =>
  missingExpectedActivity.measure(
    ruleInput(
      tx(ITEM_AT, 10),
      { transactions: c.transactions ?? [], events: c.events ?? [] },
      { asOfMs: at(c.asOf), baseline: c.baseline === undefined ? null : c.baseline },
    ),
    params,
  );

describe('MISSING_EXPECTED_ACTIVITY measure(), recurring credits', () => {
  const ssa = (iso: string, fields: Partial<Transaction> = {}) =>
    tx(iso, 1950, {
      direction: 'CREDIT',
      channel: 'ACH',
      counterpartyId: 'ssa',
      counterpartyName: 'SSA TREAS 310',
      ...fields,
    });
  const lastBenefit = ssa('2026-05-03T00:00:00Z');
  const recurring = (fields: Partial<RecurringCredit> = {}): RecurringCredit => ({
    source: 'ssa',
    cadenceDays: 30,
    usualDay: 3,
    typicalAmountMinor: 195_000,
    count: 6,
    lastSeenMs: lastBenefit.occurredAtMs,
    ...fields,
  });
  const baseline = readyBaseline({ recurringCredits: [recurring()] });

  test('fires when a recurring credit is 5 days past its next expected date, naming it', () => {
    expect(
      measure(benefitParams, { asOf: '2026-06-07T00:00:00Z', transactions: [lastBenefit], baseline }),
    ).toEqual({
      outcome: 'FIRED',
      measured: 5,
      threshold: 5,
      baseline: null,
      reason:
        'The recurring credit from SSA TREAS 310 (typically 1,950.00 every 30 days, last on 2026-05-03) is 5 days late.',
      transactionIds: [lastBenefit.id],
      eventIds: [],
    });
  });

  test.each([
    ['a millisecond less than 5 days late', '2026-06-06T23:59:59.999Z', 'NOT_FIRED'],
    ['5 days late', '2026-06-07T00:00:00Z', 'FIRED'],
  ])('as of a time %s (%s), gives %s', (_case, asOf, outcome) => {
    expect(measure(benefitParams, { asOf, transactions: [lastBenefit], baseline }).outcome).toBe(outcome);
  });

  test('does not fire when the credit arrived after the baseline saw it last, and fires when it arrived after the run time', () => {
    const arrived = ssa('2026-06-04T00:00:00Z');
    const asOf = '2026-06-10T00:00:00Z';
    expect(measure(benefitParams, { asOf, transactions: [lastBenefit, arrived], baseline }).outcome).toBe(
      'NOT_FIRED',
    );
    const tooLate = ssa('2026-06-11T00:00:00Z');
    expect(measure(benefitParams, { asOf, transactions: [lastBenefit, tooLate], baseline }).outcome).toBe(
      'FIRED',
    );
  });

  test('measures from a credit newer than the baseline, so a second missed payment is caught', () => {
    const june = ssa('2026-06-03T00:00:00Z');
    expect(
      measure(benefitParams, { asOf: '2026-07-08T00:00:00Z', transactions: [lastBenefit, june], baseline }),
    ).toMatchObject({ outcome: 'FIRED', measured: 5, transactionIds: [june.id] });
  });

  test('treats a credit from another source as missing (redirected), and keys unnamed sources by channel', () => {
    const redirected = ssa('2026-06-03T00:00:00Z', { counterpartyId: 'other-bank' });
    const asOf = '2026-06-10T00:00:00Z';
    expect(measure(benefitParams, { asOf, transactions: [lastBenefit, redirected], baseline }).outcome).toBe(
      'FIRED',
    );
    const byChannel = readyBaseline({ recurringCredits: [recurring({ source: 'channel:ACH' })] });
    const unnamed = ssa('2026-06-03T00:00:00Z', { counterpartyId: null, counterpartyName: null });
    expect(measure(benefitParams, { asOf, transactions: [unnamed], baseline: byChannel }).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test.each<[string, Baseline | null]>([
    ['no baseline', null],
    [
      'a baseline that is not READY',
      readyBaseline({ status: 'INSUFFICIENT_HISTORY', recurringCredits: [recurring()] }),
    ],
  ])('answers INSUFFICIENT_HISTORY with %s and no direct deposit change', (_case, given) => {
    expect(
      measure(benefitParams, { asOf: '2026-06-10T00:00:00Z', transactions: [lastBenefit], baseline: given })
        .outcome,
    ).toBe('INSUFFICIENT_HISTORY');
  });

  test.each([
    ['12 days before the run', '2026-05-31T00:00:00Z', 'FIRED'],
    ['exactly 30 days before the run', '2026-05-13T00:00:00Z', 'INSUFFICIENT_HISTORY'],
    ['after the run time', '2026-06-12T00:00:00.001Z', 'INSUFFICIENT_HISTORY'],
  ])('with a direct deposit change %s (%s) and no baseline, gives %s', (_case, changedAt, outcome) => {
    const change = ev(changedAt, 'DIRECT_DEPOSIT_CHANGE');
    expect(measure(benefitParams, { asOf: '2026-06-12T00:00:00Z', events: [change] }).outcome).toBe(outcome);
  });

  test('names a direct deposit change alongside a late credit', () => {
    const change = ev('2026-05-25T10:00:00Z', 'DIRECT_DEPOSIT_CHANGE');
    const result = measure(benefitParams, {
      asOf: '2026-06-08T00:00:00Z',
      transactions: [lastBenefit],
      events: [change],
      baseline,
    });
    expect(result).toMatchObject({ outcome: 'FIRED', measured: 6, eventIds: [change.id] });
    expect(result.outcome === 'FIRED' && result.reason).toMatch(
      /6 days late, and the direct deposit details changed on 2026-05-25\.$/,
    );
  });

  test("measures as of the scored item's time when no run time is given", () => {
    const input = ruleInput(tx('2026-06-08T00:00:00Z', 10), { transactions: [lastBenefit] }, { baseline });
    expect(missingExpectedActivity.measure(input, benefitParams).outcome).toBe('FIRED');
    const earlier = ruleInput(tx(ITEM_AT, 10), { transactions: [lastBenefit] }, { baseline });
    expect(missingExpectedActivity.measure(earlier, benefitParams).outcome).toBe('NOT_FIRED');
  });

  test('is evaluated by batch runs only', () => {
    expect(missingExpectedActivity.realTime).toBe(false);
  });
});

describe('MISSING_EXPECTED_ACTIVITY measure(), bills', () => {
  const power = (iso: string, fields: Partial<Transaction> = {}) =>
    tx(iso, 120, { channel: 'BILL_PAY', counterpartyId: 'power', counterpartyName: 'CITY POWER', ...fields });
  const paid = [
    power('2026-02-01T12:00:00Z'),
    power('2026-03-04T12:00:00Z'),
    power('2026-04-01T12:00:00Z'),
    power('2026-05-01T12:00:00Z'),
  ];

  test('fires when a payee paid every cycle goes unpaid more than 10 days past due, naming it', () => {
    expect(measure(billsParams, { asOf: '2026-06-12T00:00:00Z', transactions: paid })).toEqual({
      outcome: 'FIRED',
      measured: 41,
      threshold: 40,
      baseline: null,
      reason:
        'Payments to CITY POWER (paid in 4 of 4 cycles of 30 days, last 120.00 on 2026-05-01) stopped 41 days ago.',
      transactionIds: [paid[3]!.id],
      eventIds: [],
    });
  });

  test.each([
    ['exactly 40 days after the last payment', '2026-06-10T12:00:00Z', 'NOT_FIRED'],
    ['a millisecond more than 40 days after', '2026-06-10T12:00:00.001Z', 'FIRED'],
    ['70 days after, one cycle missed', '2026-07-10T12:00:00Z', 'FIRED'],
    ['more than 70 days after, a second cycle missed', '2026-07-10T12:00:00.001Z', 'NOT_FIRED'],
  ])('as of %s (%s), gives %s', (_case, asOf, outcome) => {
    expect(measure(billsParams, { asOf, transactions: paid }).outcome).toBe(outcome);
  });

  test.each([
    ['3 of the last 4 cycles', [0, 2, 3], 'FIRED'],
    ['2 of the last 4 cycles', [2, 3], 'NOT_FIRED'],
  ])('with the payee paid in %s (payments %j), gives %s', (_case, indexes, outcome) => {
    const transactions = indexes.map((i) => paid[i]!);
    expect(measure(billsParams, { asOf: '2026-06-15T00:00:00Z', transactions }).outcome).toBe(outcome);
  });

  test('ignores a payment made after the run time, and card payments to the payee', () => {
    const later = power('2026-06-13T00:00:00Z');
    const byCard = power('2026-06-01T00:00:00Z', { channel: 'CARD' });
    expect(
      measure(billsParams, { asOf: '2026-06-12T00:00:00Z', transactions: [...paid, later, byCard] }).outcome,
    ).toBe('FIRED');
  });

  test('does not fire while the payee is paid on time, and needs no baseline', () => {
    const june = power('2026-06-02T12:00:00Z');
    expect(
      measure(billsParams, { asOf: '2026-06-20T00:00:00Z', transactions: [...paid, june] }).outcome,
    ).toBe('NOT_FIRED');
  });
});

describe('MISSING_EXPECTED_ACTIVITY parameters', () => {
  test('accept every default row and refuse unknown or out-of-range ones', () => {
    const validate = validatorCompiler({
      schema: missingExpectedActivity.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    });
    for (const row of missingExpectedActivityDefaults)
      expect(validate(structuredClone(row.parameters))).toBe(true);
    expect(validate({ mode: 'vibes' })).toBe(false);
    expect(validate({ mode: 'bills', grace_days: -1 })).toBe(false);
    expect(validate({ mode: 'bills', payee_channels: new Array(13).fill('ACH') })).toBe(false);
  });
});
