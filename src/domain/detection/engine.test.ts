import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AccountEvent, Transaction } from '../activity.js';
import { CHANNELS, EVENT_TYPES } from '../values/enums.js';
import { evaluateItem, raiseSignal, type EngineRule } from './engine.js';
import { weigh } from './scoring.js';
import { RULE_TYPE_DEFINITIONS, DEFAULT_RULES } from './rules/index.js';
import { ev, readyBaseline, ruleInput, tx } from './testing/rule-input.js';
import type { RuleInput } from './types.js';

const RULES: EngineRule[] = DEFAULT_RULES.map((d, i) => ({
  id: `rule-${String(i).padStart(2, '0')}`,
  name: d.name,
  ruleType: d.ruleType,
  version: 1,
  weight: d.weight,
  severity: d.severity,
  signalCategory: d.signalCategory,
  definition: RULE_TYPE_DEFINITIONS[d.ruleType],
  parameters: d.parameters,
}));

const START = Date.parse('2026-03-01T00:00:00Z');

const transaction = fc
  .record({
    minutes: fc.integer({ min: 0, max: 90 * 24 * 60 }),
    amount: fc.integer({ min: 1, max: 900_000 }),
    debit: fc.boolean(),
    channel: fc.constantFrom(...CHANNELS),
    payee: fc.constantFrom('A', 'B', 'C', 'D', null),
    country: fc.constantFrom('US', 'GH', 'NG', null),
    balance: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
  })
  .map((r) =>
    tx(new Date(START + r.minutes * 60_000).toISOString(), r.amount / 100, {
      direction: r.debit ? 'DEBIT' : 'CREDIT',
      channel: r.channel,
      counterpartyId: r.payee,
      counterpartyCountry: r.country,
      balanceAfterMinor: r.balance,
      description: r.payee === 'D' ? 'gift card for tech support refund' : null,
    }),
  );
const event = fc
  .record({
    minutes: fc.integer({ min: 0, max: 90 * 24 * 60 }),
    type: fc.constantFrom(...EVENT_TYPES),
    party: fc.constantFrom('A', 'B', null),
  })
  .map((r) => ev(new Date(START + r.minutes * 60_000).toISOString(), r.type, { partyId: r.party }));

function inputFor(item: Transaction, transactions: Transaction[], events: AccountEvent[]): RuleInput {
  return ruleInput(item, { transactions, events }, { baseline: readyBaseline() });
}

describe('evaluateItem() is independent of ingestion order (detection.md §1)', () => {
  test('later data, and the order history arrives in, never change an item’s result', () => {
    fc.assert(
      fc.property(
        fc.array(transaction, { minLength: 2, maxLength: 40 }),
        fc.array(event, { maxLength: 8 }),
        fc.nat(),
        (transactions, events, pick) => {
          const item = transactions[pick % transactions.length]!;
          // Rules see everything at or before the item's time (detection.md §1), same-time items included.
          const earlier = transactions.filter((t) => t.occurredAtMs <= item.occurredAtMs);
          const earlierEvents = events.filter((e) => e.occurredAtMs <= item.occurredAtMs);
          const onlyPast = evaluateItem(inputFor(item, earlier, earlierEvents), RULES);
          const withFuture = evaluateItem(
            inputFor(item, [...transactions].reverse(), [...events].reverse()),
            RULES,
          );
          expect(withFuture).toEqual(onlyPast);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('evaluateItem() measures only what can count', () => {
  // An 85-year-old without a trusted contact: the vulnerability context holds on every item.
  const vulnerable = {
    id: 'p-1',
    dateOfBirth: '1941-01-01',
    enrollmentReason: 'AGE_THRESHOLD' as const,
    hasTrustedContact: false,
    status: 'ACTIVE' as const,
    dateOfDeath: null,
  };

  test('gives what weighing every real-time rule’s measurement gives, the context modifier measured only when another rule fired', () => {
    fc.assert(
      fc.property(
        fc.array(transaction, { minLength: 1, maxLength: 40 }),
        fc.array(event, { maxLength: 8 }),
        fc.nat(),
        (transactions, events, pick) => {
          const item = transactions[pick % transactions.length]!;
          const input = ruleInput(
            item,
            { transactions, events },
            { baseline: readyBaseline(), profile: vulnerable },
          );
          const everyRule = weigh(
            RULES.filter((r) => r.definition.realTime).map((rule) => ({
              rule,
              measurement: rule.definition.measure(input, rule.parameters as never),
            })),
          );
          expect(evaluateItem(input, RULES)).toEqual(everyRule);
        },
      ),
      { numRuns: 150 },
    );
  });

  test('a COMPOSITE rule still sees the context modifier fire on an item nothing else fired on', () => {
    const modifier = RULES.find((r) => r.ruleType === 'CONTEXT_MODIFIER')!;
    const composite: EngineRule = {
      ...modifier,
      id: '00000000-0000-7000-8000-0000000000c1',
      name: 'Vulnerable and anything',
      ruleType: 'COMPOSITE',
      weight: 0.3,
      definition: RULE_TYPE_DEFINITIONS.COMPOSITE,
      parameters: {
        rule_ids: [modifier.id, '00000000-0000-7000-8000-0000000000c2'],
        min_matches: 1,
        within_hours: 72,
      },
    };
    const credit = tx('2026-03-02T10:00:00Z', 12, { direction: 'CREDIT', channel: 'ACH' });
    const input = ruleInput(credit, {}, { profile: vulnerable });
    expect(evaluateItem(input, [modifier]).fired).toEqual([]);
    const score = evaluateItem(input, [modifier, composite]);
    expect(score.fired.map((f) => f.rule.id)).toEqual([composite.id, modifier.id]);
  });
});

describe('raiseSignal()', () => {
  const context = (raisedKeys = new Set<string>()) => ({
    profileId: 'p-1',
    threshold: 0.3,
    groupingWindowDays: 14,
    active: [],
    raisedKeys,
    debitAmounts: new Map<string, number>(),
    newSignalId: () => 'sig-1',
  });

  test('opens an ACTIVE signal with one evidence entry per fired rule', () => {
    const card = tx('2026-06-01T10:00:00Z', 600, { channel: 'GIFT_CARD' });
    const input = inputFor(card, [card], []);
    const raised = raiseSignal(evaluateItem(input, RULES), input, {
      ...context(),
      debitAmounts: new Map([[card.id, card.amountMinor]]),
    });
    expect(raised?.isNew).toBe(true);
    expect(raised?.signal).toMatchObject({
      status: 'ACTIVE',
      category: 'SCAM_TECH_SUPPORT',
      amountAtRiskMinor: 60_000,
    });
    expect(raised?.signal.summary).toMatch(/^Possible tech-support scam: gift card purchases/);
  });

  test('raises nothing below the threshold or when its evidence was raised before', () => {
    const card = tx('2026-06-01T10:00:00Z', 600, { channel: 'GIFT_CARD' });
    const input = inputFor(card, [card], []);
    const score = evaluateItem(input, RULES);
    expect(raiseSignal(score, input, { ...context(), threshold: 0.99 })).toBeUndefined();
    const keys = new Set(score.fired.map((f) => `${f.rule.id}|${card.id}`));
    expect(raiseSignal(score, input, context(keys))).toBeUndefined();
  });

  test('merges into the ACTIVE signal of the same category within the grouping window, and opens a new one after it', () => {
    const first = tx('2026-06-01T10:00:00Z', 600, { channel: 'GIFT_CARD' });
    const firstInput = inputFor(first, [first], []);
    const opened = raiseSignal(evaluateItem(firstInput, RULES), firstInput, context())!;
    const second = tx('2026-06-10T10:00:00Z', 700, { channel: 'GIFT_CARD' });
    const secondInput = inputFor(second, [first, second], []);
    const merged = raiseSignal(evaluateItem(secondInput, RULES), secondInput, {
      ...context(),
      active: [opened.signal],
      newSignalId: () => 'sig-2',
    })!;
    expect(merged.isNew).toBe(false);
    expect(merged.signal.id).toBe('sig-1');
    expect(merged.signal.lastSeenMs).toBe(second.occurredAtMs);
    const late = tx('2026-07-01T10:00:00Z', 700, { channel: 'GIFT_CARD' });
    const lateInput = inputFor(late, [first, second, late], []);
    const separate = raiseSignal(evaluateItem(lateInput, RULES), lateInput, {
      ...context(),
      active: [merged.signal],
      newSignalId: () => 'sig-3',
    })!;
    expect(separate.isNew).toBe(true);
  });
});
