import { describe, expect, test } from 'vitest';
// Parameters are checked with the rules API's own validator (test-only import across the domain boundary).
// eslint-disable-next-line no-restricted-imports
import { validatorCompiler } from '../../../api/validation.js';
import type { Transaction } from '../../activity.js';
import { readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { passThrough, passThroughDefaults } from './pass-through.js';

// The mechanics are tested with the rule's original row (two credits of any third party); the tuned
// default row (issue 13) is tested at the end.
const params = {
  min_credits: 2,
  min_credit_total: 2000,
  min_forwarded_share: 0.7,
  window_hours: 72,
  counterparty_types: ['INDIVIDUAL', 'UNKNOWN'],
  direct_deposit_channels: ['ACH'],
} as never;
const stranger = (id: string, fields: Partial<Transaction> = {}): Partial<Transaction> => ({
  direction: 'CREDIT',
  channel: 'P2P',
  counterpartyId: id,
  counterpartyName: id.toUpperCase(),
  counterpartyType: 'INDIVIDUAL',
  ...fields,
});
const credits = () => [
  tx('2026-06-01T10:00:00Z', 1200, stranger('a')),
  tx('2026-06-02T10:00:00Z', 800, stranger('b')),
];

describe('PASS_THROUGH measure()', () => {
  test('fires on the debit that sends 70% of two third-party credits out within 72 hours', () => {
    const [a, b] = credits();
    const first = tx('2026-06-02T12:00:00Z', 900, { channel: 'WIRE' });
    const crossing = tx('2026-06-03T09:00:00Z', 500, { channel: 'CRYPTO' });
    const result = passThrough.measure(ruleInput(crossing, { transactions: [a!, b!, first] }), params);
    expect(result).toMatchObject({
      outcome: 'FIRED',
      measured: 140_000,
      threshold: 140_000,
      transactionIds: [a!.id, b!.id, first.id, crossing.id],
    });
    expect(result.outcome === 'FIRED' && result.reason).toBe(
      '1,400.00 (70%) of 2,000.00 received in 2 third-party credits was sent out again within 72 hours.',
    );
  });

  test('does not fire on a later debit once the share was already crossed', () => {
    const [a, b] = credits();
    const crossing = tx('2026-06-02T12:00:00Z', 1500, { channel: 'WIRE' });
    const after = tx('2026-06-02T13:00:00Z', 50);
    const input = ruleInput(after, { transactions: [a!, b!, crossing] });
    expect(passThrough.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test.each([
    ['a cent below 70% is forwarded', 1399.99, 2000],
    ['the credits total a cent below 2,000', 1400, 1999.99],
  ])('does not fire when %s', (_case, forwarded, received) => {
    const a = tx('2026-06-01T10:00:00Z', received - 800, stranger('a'));
    const b = tx('2026-06-02T10:00:00Z', 800, stranger('b'));
    const debit = tx('2026-06-02T12:00:00Z', forwarded, { channel: 'WIRE' });
    expect(passThrough.measure(ruleInput(debit, { transactions: [a, b] }), params).outcome).toBe('NOT_FIRED');
  });

  test.each([
    ['72 hours before the debit', '2026-06-01T10:00:00Z', 'NOT_FIRED'],
    ['a millisecond inside 72 hours', '2026-06-01T10:00:00.001Z', 'FIRED'],
  ])('with the first credit %s (%s), gives %s', (_case, firstAt, outcome) => {
    const a = tx(firstAt, 1200, stranger('a'));
    const b = tx('2026-06-03T09:00:00Z', 800, stranger('b'));
    const debit = tx('2026-06-04T10:00:00Z', 1900, { channel: 'WIRE' });
    expect(passThrough.measure(ruleInput(debit, { transactions: [a, b] }), params).outcome).toBe(outcome);
  });

  test('needs two third-party credits, not one', () => {
    const a = tx('2026-06-01T10:00:00Z', 3000, stranger('a'));
    const debit = tx('2026-06-01T12:00:00Z', 2500, { channel: 'WIRE' });
    expect(passThrough.measure(ruleInput(debit, { transactions: [a] }), params).outcome).toBe('NOT_FIRED');
  });

  test.each<[string, Partial<Transaction>]>([
    ['a transfer from the customer themself', { counterpartyRelationship: 'SELF' }],
    ['an institution-initiated credit', { initiatedBy: 'INSTITUTION' }],
    ['a business ACH deposit (a pension)', { channel: 'ACH', counterpartyType: 'BUSINESS' }],
    ['an untyped ACH deposit', { channel: 'ACH', counterpartyType: null }],
    ['a card refund from a business', { channel: 'CARD', counterpartyType: 'BUSINESS' }],
  ])('does not count %s as third-party money', (_case, fields) => {
    const a = tx('2026-06-01T10:00:00Z', 1200, stranger('a'));
    const b = tx('2026-06-02T10:00:00Z', 800, stranger('b', fields));
    const debit = tx('2026-06-02T12:00:00Z', 1900, { channel: 'WIRE' });
    expect(passThrough.measure(ruleInput(debit, { transactions: [a, b] }), params).outcome).toBe('NOT_FIRED');
  });

  test.each<[string, Partial<Transaction>]>([
    ['an ACH credit from an individual', { channel: 'ACH' }],
    [
      'a wire from a relative, whatever its type',
      { channel: 'WIRE', counterpartyType: null, counterpartyRelationship: 'FAMILY' },
    ],
    ['a P2P credit from an untyped payer', { counterpartyType: null }],
  ])('counts %s as third-party money', (_case, fields) => {
    const a = tx('2026-06-01T10:00:00Z', 1200, stranger('a'));
    const b = tx('2026-06-02T10:00:00Z', 800, stranger('b', fields));
    const debit = tx('2026-06-02T12:00:00Z', 1900, { channel: 'WIRE' });
    expect(passThrough.measure(ruleInput(debit, { transactions: [a, b] }), params).outcome).toBe('FIRED');
  });

  test("leaves out credits from the baseline's recurring sources", () => {
    const [a, b] = credits();
    const debit = tx('2026-06-02T12:00:00Z', 1900, { channel: 'WIRE' });
    const baseline = readyBaseline({
      recurringCredits: [
        { source: 'b', cadenceDays: 30, usualDay: 2, typicalAmountMinor: 80_000, count: 6, lastSeenMs: 0 },
      ],
    });
    const input = ruleInput(debit, { transactions: [a!, b!] }, { baseline });
    expect(passThrough.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test('ignores credits and debits after the scored debit', () => {
    const a = tx('2026-06-01T10:00:00Z', 1200, stranger('a'));
    const debit = tx('2026-06-02T12:00:00Z', 1000, { channel: 'WIRE' });
    const laterCredit = tx('2026-06-02T13:00:00Z', 800, stranger('b'));
    const laterDebit = tx('2026-06-02T14:00:00Z', 900, { channel: 'WIRE' });
    const input = ruleInput(debit, { transactions: [a, laterCredit, laterDebit] });
    expect(passThrough.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test('does not fire on credits or on a transfer to the customer themself', () => {
    const [a, b] = credits();
    const self = tx('2026-06-02T12:00:00Z', 1900, {
      channel: 'ONLINE_TRANSFER',
      counterpartyRelationship: 'SELF',
    });
    expect(passThrough.measure(ruleInput(self, { transactions: [a!, b!] }), params).outcome).toBe(
      'NOT_FIRED',
    );
    expect(passThrough.measure(ruleInput(b!, { transactions: [a!] }), params).outcome).toBe('NOT_FIRED');
  });

  test('accepts its default parameters and refuses unknown or out-of-range ones', () => {
    const validate = validatorCompiler({
      schema: passThrough.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    });
    for (const row of passThroughDefaults) expect(validate(structuredClone(row.parameters))).toBe(true);
    expect(validate({ min_forwarded_share: 1.5 })).toBe(false);
    expect(validate({ surprise: 1 })).toBe(false);
  });
});
