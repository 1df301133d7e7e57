import { describe, expect, test } from 'vitest';
// Parameters are checked with the rules API's own validator (test-only import across the domain boundary).
// eslint-disable-next-line no-restricted-imports
import { validatorCompiler } from '../../../api/validation.js';
import type { Transaction } from '../../activity.js';
import type { ProfileFacts } from '../types.js';
import { ruleInput, tx } from '../testing/rule-input.js';
import { lifecycleStatus, lifecycleStatusDefaults } from './lifecycle-status.js';

const params = lifecycleStatusDefaults[0]!.parameters as never;
const deceased: ProfileFacts = {
  id: 'p-1',
  dateOfBirth: '1940-01-01',
  enrollmentReason: 'AGE_THRESHOLD',
  hasTrustedContact: true,
  status: 'DECEASED',
  dateOfDeath: '2026-03-10',
};
const measureAt = (at: string, fields: Partial<Transaction>, profile: Partial<ProfileFacts> = {}) =>
  lifecycleStatus.measure(ruleInput(tx(at, 65, fields), {}, { profile: { ...deceased, ...profile } }), params)
    .outcome;

describe('LIFECYCLE_STATUS measure()', () => {
  test('fires on a card debit the day after the date of death, naming it', () => {
    const debit = tx('2026-03-11T00:00:00Z', 65.4);
    expect(lifecycleStatus.measure(ruleInput(debit, {}, { profile: deceased }), params)).toEqual({
      outcome: 'FIRED',
      measured: 1,
      threshold: 1,
      baseline: null,
      reason: 'A card debit of 65.40 was made 1 day after the recorded date of death (2026-03-10).',
      transactionIds: [debit.id],
      eventIds: [],
    });
  });

  test.each<[string, string, string, Partial<Transaction>]>([
    ['a card debit late on the date of death', '2026-03-10T23:59:59.999Z', 'NOT_FIRED', {}],
    ['an ATM withdrawal two days after', '2026-03-12T08:00:00Z', 'FIRED', { channel: 'ATM' }],
    ['a P2P payment a week after', '2026-03-17T08:00:00Z', 'FIRED', { channel: 'P2P' }],
    ['an online transfer a week after', '2026-03-17T08:00:00Z', 'FIRED', { channel: 'ONLINE_TRANSFER' }],
    ['an automatic ACH debit after death', '2026-03-20T08:00:00Z', 'NOT_FIRED', { channel: 'ACH' }],
    ['a scheduled bill payment after death', '2026-03-20T08:00:00Z', 'NOT_FIRED', { channel: 'BILL_PAY' }],
    [
      'a card debit by the estate fiduciary',
      '2026-03-20T08:00:00Z',
      'NOT_FIRED',
      { initiatedBy: 'FIDUCIARY' },
    ],
    ['a check clearing 10 days after', '2026-03-20T23:59:59.999Z', 'NOT_FIRED', { channel: 'CHECK' }],
    ['a check clearing 11 days after', '2026-03-21T00:00:00Z', 'FIRED', { channel: 'CHECK' }],
    ['a credit after death', '2026-03-20T08:00:00Z', 'NOT_FIRED', { direction: 'CREDIT' }],
  ])('for %s at %s, gives %s', (_case, at, outcome, fields) => {
    expect(measureAt(at, fields)).toBe(outcome);
  });

  test.each<[string, string, Partial<ProfileFacts>]>([
    ['a CLOSED profile with a date of death', 'FIRED', { status: 'CLOSED' }],
    ['a profile with no date of death', 'NOT_FIRED', { dateOfDeath: null }],
    ['an ACTIVE profile', 'NOT_FIRED', { status: 'ACTIVE' }],
  ])('for %s, gives %s', (_case, outcome, profile) => {
    expect(measureAt('2026-03-20T08:00:00Z', {}, profile)).toBe(outcome);
  });

  test('judges the scored debit only, never later activity', () => {
    const before = tx('2026-03-09T10:00:00Z', 30);
    const later = tx('2026-03-15T10:00:00Z', 30);
    const input = ruleInput(before, { transactions: [later] }, { profile: deceased });
    expect(lifecycleStatus.measure(input, params).outcome).toBe('NOT_FIRED');
  });

  test('accepts its default parameters and refuses unknown or out-of-range ones', () => {
    const validate = validatorCompiler({
      schema: lifecycleStatus.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    });
    for (const row of lifecycleStatusDefaults) expect(validate(structuredClone(row.parameters))).toBe(true);
    expect(validate({ check_grace_days: 400 })).toBe(false);
    expect(validate({ channels: ['TELEPORT'] })).toBe(false);
  });
});
