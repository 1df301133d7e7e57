import { describe, expect, test } from 'vitest';
// Parameters are checked with the rules API's own validator (test-only import across the domain boundary).
// eslint-disable-next-line no-restricted-imports
import { validatorCompiler } from '../../../api/validation.js';
import type { PriorFiring } from '../types.js';
import { ev, ruleInput, tx } from '../testing/rule-input.js';
import { composite, compositeDefaults } from './composite.js';

const A = '0190a1b2-0000-7000-8000-00000000000a';
const B = '0190a1b2-0000-7000-8000-00000000000b';
const C = '0190a1b2-0000-7000-8000-00000000000c';
const AT = '2026-06-04T10:00:00Z';
const at = (iso: string) => Date.parse(iso);
const measure = (firings: PriorFiring[], p: { rule_ids?: string[]; min_matches?: number } = {}) =>
  composite.measure(ruleInput(tx(AT, 100), {}, { priorFirings: firings }), {
    rule_ids: [A, B],
    within_hours: 72,
    ...p,
  });

describe('COMPOSITE measure()', () => {
  test('fires when every listed rule fired within the window ending at the item', () => {
    const item = tx(AT, 100);
    const firings = [
      { ruleId: A, occurredAtMs: at('2026-06-02T10:00:00Z') },
      { ruleId: B, occurredAtMs: at(AT) },
    ];
    expect(
      composite.measure(ruleInput(item, {}, { priorFirings: firings }), {
        rule_ids: [A, B],
        within_hours: 72,
      }),
    ).toEqual({
      outcome: 'FIRED',
      measured: 2,
      threshold: 2,
      baseline: null,
      reason: '2 of the 2 rules of this scenario fired within 72 hours, at or above the 2 required.',
      transactionIds: [item.id],
      eventIds: [],
    });
  });

  test.each([
    ['exactly 72 hours before the item', '2026-06-01T10:00:00Z', 'NOT_FIRED'],
    ['a millisecond inside 72 hours', '2026-06-01T10:00:00.001Z', 'FIRED'],
    ['after the item', '2026-06-04T10:00:00.001Z', 'NOT_FIRED'],
  ])('with the other firing %s (%s), gives %s', (_case, firedAt, outcome) => {
    const firings = [
      { ruleId: A, occurredAtMs: at(firedAt) },
      { ruleId: B, occurredAtMs: at(AT) },
    ];
    expect(measure(firings).outcome).toBe(outcome);
  });

  test('counts distinct listed rules, not repeated firings or unlisted rules', () => {
    const firings = [
      { ruleId: A, occurredAtMs: at('2026-06-03T10:00:00Z') },
      { ruleId: A, occurredAtMs: at(AT) },
      { ruleId: C, occurredAtMs: at(AT) },
    ];
    expect(measure(firings).outcome).toBe('NOT_FIRED');
  });

  test.each([
    [1, 'FIRED'],
    [2, 'NOT_FIRED'],
    [5, 'NOT_FIRED'],
  ])('with min_matches %i and one of three listed rules fired, gives %s', (minMatches, outcome) => {
    const firings = [{ ruleId: A, occurredAtMs: at(AT) }];
    expect(measure(firings, { rule_ids: [A, B, C], min_matches: minMatches }).outcome).toBe(outcome);
  });

  test('reads min_matches above the number of listed rules as all of them', () => {
    const firings = [
      { ruleId: A, occurredAtMs: at(AT) },
      { ruleId: B, occurredAtMs: at(AT) },
    ];
    expect(measure(firings, { min_matches: 5 })).toMatchObject({ outcome: 'FIRED', threshold: 2 });
  });

  test('refers to a scored event by its ID', () => {
    const event = ev(AT, 'PAYEE_ADDED');
    const firings = [
      { ruleId: A, occurredAtMs: at(AT) },
      { ruleId: B, occurredAtMs: at(AT) },
    ];
    const input = ruleInput(event, {}, { priorFirings: firings });
    expect(composite.measure(input, { rule_ids: [A, B], within_hours: 72 })).toMatchObject({
      transactionIds: [],
      eventIds: [event.id],
    });
  });

  test('has no default rows and validates rule_ids as 2 to 10 distinct UUIDs', () => {
    expect(compositeDefaults).toEqual([]);
    const validate = validatorCompiler({
      schema: composite.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    });
    expect(validate({ rule_ids: [A, B] })).toBe(true);
    expect(validate({ rule_ids: [A] })).toBe(false);
    expect(validate({ rule_ids: [A, A] })).toBe(false);
    expect(validate({ rule_ids: [A, 'not-a-uuid'] })).toBe(false);
    expect(validate({ rule_ids: [A, B], min_matches: 0 })).toBe(false);
  });
});
