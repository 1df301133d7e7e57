import { describe, expect, test } from 'vitest';
// Parameters are checked with the rules API's own validator (test-only import across the domain boundary).
// eslint-disable-next-line no-restricted-imports
import { validatorCompiler } from '../../../api/validation.js';
import type { ProfileFacts } from '../types.js';
import { ev, ruleInput, tx } from '../testing/rule-input.js';
import { contextModifier, contextModifierDefaults } from './context-modifier.js';

const params = contextModifierDefaults[0]!.parameters as never;
const profile: ProfileFacts = {
  id: 'p-1',
  dateOfBirth: '1946-06-15',
  enrollmentReason: 'AGE_THRESHOLD',
  hasTrustedContact: true,
  status: 'ACTIVE',
  dateOfDeath: null,
};
const measureOn = (at: string, fields: Partial<ProfileFacts> = {}) =>
  contextModifier.measure(ruleInput(tx(at, 20), {}, { profile: { ...profile, ...fields } }), params);

describe('CONTEXT_MODIFIER measure()', () => {
  test.each([
    ['the day before the 80th birthday', '2026-06-14T23:59:59Z', 'NOT_FIRED'],
    ['on the 80th birthday', '2026-06-15T00:00:00Z', 'FIRED'],
  ])("judges age on the item's date: %s (%s) gives %s", (_case, at, outcome) => {
    expect(measureOn(at).outcome).toBe(outcome);
  });

  test('names the age it measured', () => {
    const debit = tx('2026-07-01T10:00:00Z', 20);
    expect(contextModifier.measure(ruleInput(debit, {}, { profile }), params)).toEqual({
      outcome: 'FIRED',
      measured: 80,
      threshold: 80,
      baseline: null,
      reason: 'The customer is 80 years old.',
      transactionIds: [debit.id],
      eventIds: [],
    });
  });

  test('fires for a capacity concern or a missing trusted contact at any age, naming every condition', () => {
    const young = { dateOfBirth: '1960-01-01' };
    expect(
      measureOn('2026-06-01T00:00:00Z', { ...young, enrollmentReason: 'DIMINISHED_CAPACITY_CONCERN' }),
    ).toMatchObject({
      outcome: 'FIRED',
      reason: 'The customer was enrolled for diminished capacity concern.',
    });
    expect(measureOn('2026-06-01T00:00:00Z', { ...young, hasTrustedContact: false })).toMatchObject({
      outcome: 'FIRED',
      reason: 'The customer has no trusted contact.',
    });
    expect(
      measureOn('2026-07-01T00:00:00Z', {
        enrollmentReason: 'DIMINISHED_CAPACITY_CONCERN',
        hasTrustedContact: false,
      }),
    ).toMatchObject({
      reason:
        'The customer is 80 years old, was enrolled for diminished capacity concern and has no trusted contact.',
    });
  });

  test('does not fire for a younger customer with a trusted contact and another enrollment reason', () => {
    expect(measureOn('2026-06-01T00:00:00Z', { dateOfBirth: '1960-01-01' }).outcome).toBe('NOT_FIRED');
  });

  test('refers to a scored event by its ID', () => {
    const event = ev('2026-07-01T10:00:00Z', 'LOGIN');
    expect(contextModifier.measure(ruleInput(event, {}, { profile }), params)).toMatchObject({
      transactionIds: [],
      eventIds: [event.id],
    });
  });

  test('accepts its default parameters and refuses unknown or out-of-range ones', () => {
    const validate = validatorCompiler({
      schema: contextModifier.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    });
    for (const row of contextModifierDefaults) expect(validate(structuredClone(row.parameters))).toBe(true);
    expect(validate({ min_age: 131 })).toBe(false);
    expect(validate({ enrollment_reasons: ['BORED'] })).toBe(false);
  });
});
