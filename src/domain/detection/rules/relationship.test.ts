import { describe, expect, test } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the defaults are checked the way the rules API validates parameters
import { validatorCompiler } from '../../../api/validation.js';
import type { Transaction } from '../../activity.js';
import type { CounterpartyRelationship } from '../../values/enums.js';
import { readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { relationship, relationshipDefaults } from './relationship.js';

// The window logic with the single-payment limit off; the default rows' limit is tested below.
const relatedParams = { ...(relationshipDefaults[0]!.parameters as object), max_single_share: 1 } as never;
const relatedDefaults = relationshipDefaults[0]!.parameters as never;
// The logic with a 1,000 minimum; the default row asks 3,000 (tested below).
const creepParams = {
  ...(relationshipDefaults[1]!.parameters as object),
  min_amount: 1000,
  max_single_share: 1,
  full_previous_window: false,
} as never;

const toParty = (at: string, amount: number, relation: CounterpartyRelationship, id = `cp-${relation}`) =>
  tx(at, amount, {
    channel: 'P2P',
    counterpartyId: id,
    counterpartyName: `${relation} person`,
    counterpartyType: 'INDIVIDUAL',
    counterpartyRelationship: relation,
  });

const caregiver = (at: string, amount: number) => toParty(at, amount, 'CAREGIVER', 'cp-carer');

describe('RELATIONSHIP measure(), Transfers to related party', () => {
  test('fires when 90 days of transfers to family reach 5,000 with nothing before, as THEFT_FAMILY', () => {
    const first = toParty('2026-04-01T10:00:00Z', 2000, 'FAMILY');
    const item = toParty('2026-06-01T10:00:00Z', 3000, 'FAMILY');
    expect(relationship.measure(ruleInput(item, { transactions: [first] }), relatedParams)).toMatchObject({
      outcome: 'FIRED',
      measured: 500_000,
      threshold: 500_000,
      baseline: 0,
      transactionIds: [first.id, item.id],
      eventIds: [],
      category: 'THEFT_FAMILY',
    });
  });

  test.each([
    ['the total is 4,999.99', [toParty('2026-04-01T10:00:00Z', 1999.99, 'FAMILY')], 3000],
    [
      'the earlier transfer is 90 days before, in the previous window',
      [toParty('2026-03-03T10:00:00Z', 2000, 'FAMILY')],
      3000,
    ],
    [
      'the previous 90 days held 3,000 and the last 90 days 5,999.99',
      [toParty('2026-01-15T10:00:00Z', 3000, 'FAMILY')],
      5999.99,
    ],
  ])('does not fire when %s', (_name, earlier, amount) => {
    const item = toParty('2026-06-01T10:00:00Z', amount, 'FAMILY');
    expect(relationship.measure(ruleInput(item, { transactions: earlier }), relatedParams).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('fires at twice the previous 90 days, reporting it as the baseline', () => {
    const previous = toParty('2026-01-15T10:00:00Z', 3000, 'FAMILY');
    const item = toParty('2026-06-01T10:00:00Z', 6000, 'FAMILY');
    expect(relationship.measure(ruleInput(item, { transactions: [previous] }), relatedParams)).toMatchObject({
      outcome: 'FIRED',
      measured: 600_000,
      threshold: 600_000,
      baseline: 300_000,
      transactionIds: [item.id],
    });
  });

  test.each([
    ['CAREGIVER', 'THEFT_CAREGIVER'],
    ['FIDUCIARY', 'THEFT_FIDUCIARY'],
    ['FAMILY', 'THEFT_FAMILY'],
  ] as const)('takes the category of the largest share: %s → %s', (largest, category) => {
    const others: CounterpartyRelationship[] = ['FAMILY', 'CAREGIVER', 'FIDUCIARY'].filter(
      (r) => r !== largest,
    ) as never;
    const history = others.map((r, i) => toParty(`2026-05-0${i + 1}T10:00:00Z`, 1500, r));
    const item = toParty('2026-06-01T10:00:00Z', 2500, largest);
    expect(relationship.measure(ruleInput(item, { transactions: history }), relatedParams)).toMatchObject({
      outcome: 'FIRED',
      category,
    });
  });

  test('classes joint owners as THEFT_OTHER_KNOWN_PERSON when a tenant adds them', () => {
    const item = toParty('2026-06-01T10:00:00Z', 6000, 'JOINT_OWNER');
    const params = { ...(relatedParams as object), relationships: ['JOINT_OWNER'] } as never;
    expect(relationship.measure(ruleInput(item), params)).toMatchObject({
      outcome: 'FIRED',
      category: 'THEFT_OTHER_KNOWN_PERSON',
    });
  });

  test('does not fire when the scored debit goes to an unrelated payee', () => {
    const family = toParty('2026-05-01T10:00:00Z', 9000, 'FAMILY');
    const item = toParty('2026-06-01T10:00:00Z', 500, 'OTHER');
    expect(relationship.measure(ruleInput(item, { transactions: [family] }), relatedParams).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('ignores transfers after the scored one', () => {
    const item = toParty('2026-06-01T10:00:00Z', 3000, 'FAMILY');
    const later = toParty('2026-06-02T10:00:00Z', 3000, 'FAMILY');
    expect(relationship.measure(ruleInput(item, { transactions: [later] }), relatedParams).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('does not depend on the baseline', () => {
    const item = toParty('2026-06-01T10:00:00Z', 5000, 'FIDUCIARY');
    const input = ruleInput(item, {}, { baseline: readyBaseline() });
    expect(relationship.measure(input, relatedParams)).toMatchObject({ outcome: 'FIRED', baseline: 0 });
  });

  test('default row: one large gift to a grandchild is not a drain (a single payment ≥ 60% of the window)', () => {
    const tuition = toParty('2026-06-01T10:00:00Z', 12_000, 'FAMILY');
    expect(relationship.measure(ruleInput(tuition), relatedDefaults).outcome).toBe('NOT_FIRED');
    const small = toParty('2026-05-01T10:00:00Z', 2000, 'FAMILY');
    // 3,000 of 5,000 is exactly 60%: still one payment's doing.
    const item = toParty('2026-06-01T10:00:00Z', 3000, 'FAMILY');
    expect(relationship.measure(ruleInput(item, { transactions: [small] }), relatedDefaults).outcome).toBe(
      'NOT_FIRED',
    );
    const lower = toParty('2026-06-01T10:00:00Z', 2999.99, 'FAMILY');
    const third = toParty('2026-05-15T10:00:00Z', 1, 'FAMILY');
    expect(
      relationship.measure(ruleInput(lower, { transactions: [small, third] }), relatedDefaults).outcome,
    ).toBe('FIRED');
  });

  test('default row: repeated transfers fire once, on the one that crosses the limit', () => {
    const history = [
      toParty('2026-04-01T10:00:00Z', 2000, 'FAMILY'),
      toParty('2026-05-01T10:00:00Z', 2000, 'FAMILY'),
    ];
    const crossing = toParty('2026-06-01T10:00:00Z', 2000, 'FAMILY');
    expect(
      relationship.measure(ruleInput(crossing, { transactions: history }), relatedDefaults),
    ).toMatchObject({
      outcome: 'FIRED',
      measured: 600_000,
    });
    const after = toParty('2026-06-02T10:00:00Z', 500, 'FAMILY');
    expect(
      relationship.measure(ruleInput(after, { transactions: [...history, crossing] }), relatedDefaults)
        .outcome,
    ).toBe('NOT_FIRED');
  });
});

describe('RELATIONSHIP measure(), Caregiver payment creep', () => {
  const previous = (amount: number): Transaction[] => [
    caregiver('2026-01-10T10:00:00Z', amount / 2),
    caregiver('2026-02-10T10:00:00Z', amount / 2),
  ];

  test('fires when payments to one caregiver double from 1,000 to 2,000 between 90-day windows', () => {
    const current = caregiver('2026-04-10T10:00:00Z', 1000);
    const item = caregiver('2026-06-01T10:00:00Z', 1000);
    const input = ruleInput(item, { transactions: [...previous(1000), current] });
    expect(relationship.measure(input, creepParams)).toMatchObject({
      outcome: 'FIRED',
      measured: 200_000,
      threshold: 200_000,
      baseline: 100_000,
      transactionIds: [current.id, item.id],
    });
    expect(relationship.measure(input, creepParams)).not.toHaveProperty('category');
  });

  test.each([
    ['the current window holds 1,999.99', 1000, 1000, 999.99],
    ['the current window is under the 1,000 minimum though more than twice the previous', 300, 0, 700],
    ['the payee was never paid in the previous window', 0, 1000, 5000],
  ])('does not fire when %s', (_name, before, earlier, amount) => {
    const history = before === 0 ? [] : previous(before);
    if (earlier > 0) history.push(caregiver('2026-04-10T10:00:00Z', earlier));
    const item = caregiver('2026-06-01T10:00:00Z', amount);
    expect(relationship.measure(ruleInput(item, { transactions: history }), creepParams).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('counts any individual payee, but neither businesses nor other payees', () => {
    const helper = (at: string, amount: number) =>
      tx(at, amount, { channel: 'CHECK', counterpartyName: 'Lawn Guy', counterpartyType: 'INDIVIDUAL' });
    const item = helper('2026-06-01T10:00:00Z', 2000);
    const history = [helper('2026-01-10T10:00:00Z', 1000), caregiver('2026-05-01T10:00:00Z', 5000)];
    expect(relationship.measure(ruleInput(item, { transactions: history }), creepParams)).toMatchObject({
      outcome: 'FIRED',
      measured: 200_000,
      transactionIds: [item.id],
    });
    const shop = tx('2026-06-01T10:00:00Z', 2000, { counterpartyName: 'Shop', counterpartyType: 'BUSINESS' });
    const shopBefore = tx('2026-01-10T10:00:00Z', 100, {
      counterpartyName: 'Shop',
      counterpartyType: 'BUSINESS',
    });
    expect(relationship.measure(ruleInput(shop, { transactions: [shopBefore] }), creepParams).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('the default caregiver creep row needs 3,000 in the current window', () => {
    const defaults = relationshipDefaults.find((d) => d.name === 'Caregiver payment creep')!
      .parameters as never;
    const item = caregiver('2026-06-01T10:00:00Z', 1000);
    const current = caregiver('2026-04-10T10:00:00Z', 1000);
    // Paid since before the previous window: both windows are whole.
    const since = caregiver('2025-11-20T10:00:00Z', 10);
    expect(
      relationship.measure(ruleInput(item, { transactions: [since, ...previous(1000), current] }), defaults)
        .outcome,
    ).toBe('NOT_FIRED');
    const more = [current, caregiver('2026-05-10T10:00:00Z', 1000)];
    expect(
      relationship.measure(ruleInput(item, { transactions: [since, ...previous(1000), ...more] }), defaults)
        .outcome,
    ).toBe('FIRED');
    // A caregiver first paid inside the previous window (hired last quarter) is new, not creeping.
    expect(
      relationship.measure(ruleInput(item, { transactions: [...previous(1000), ...more] }), defaults).outcome,
    ).toBe('NOT_FIRED');
    // The same 3,000 made mostly of one payment (2,000 of 3,000) is one large bill, not creep.
    const bigger = caregiver('2026-06-01T10:00:00Z', 2000);
    expect(
      relationship.measure(ruleInput(bigger, { transactions: [since, ...previous(1000), current] }), defaults)
        .outcome,
    ).toBe('NOT_FIRED');
  });

  test('ignores payments after the scored one', () => {
    const item = caregiver('2026-06-01T10:00:00Z', 1000);
    const later = caregiver('2026-06-02T10:00:00Z', 1000);
    const input = ruleInput(item, { transactions: [...previous(1000), later] });
    expect(relationship.measure(input, creepParams).outcome).toBe('NOT_FIRED');
  });
});

test('every RELATIONSHIP default rule validates against the parameter schema', () => {
  const validate = validatorCompiler({
    schema: relationship.parameters,
    httpPart: 'body',
    method: 'POST',
    url: '/',
  }) as (data: unknown) => boolean;
  for (const rule of relationshipDefaults) {
    expect(rule.ruleType).toBe(relationship.type);
    expect(validate(structuredClone(rule.parameters))).toBe(true);
  }
  expect(validate({ mode: 'sideways' })).toBe(false);
  expect(validate({ relationships: ['NEIGHBOUR'] })).toBe(false);
});
