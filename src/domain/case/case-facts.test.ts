import { describe, expect, test } from 'vitest';
import type { AccountEvent, Transaction } from '../activity.js';
import type { Evidence, SignalState } from '../detection/signal.js';
import { SIGNAL_CATEGORIES } from '../values/enums.js';
import { buildCaseFacts } from './case-facts.js';
import { classifyEfe, EFE_KEY_TERM } from './classification.js';
import { buildNarrative, formatMoney } from './narrative.js';

const T0 = Date.parse('2026-10-01T10:00:00Z');
const tx = (
  id: string,
  atMs: number,
  amountMinor: number,
  extra: Partial<Transaction> = {},
): Transaction => ({
  id,
  profileId: 'p',
  externalId: id,
  occurredAtMs: atMs,
  amountMinor,
  direction: 'DEBIT',
  channel: 'WIRE',
  counterpartyId: 'GRANDSON',
  counterpartyName: 'Kevin',
  counterpartyType: 'INDIVIDUAL',
  counterpartyRelationship: 'FAMILY',
  counterpartyCountry: 'NG',
  merchantCategoryCode: null,
  description: null,
  country: null,
  deviceId: null,
  initiatedBy: null,
  balanceAfterMinor: null,
  metadata: null,
  createdAtMs: atMs,
  ...extra,
});
const event: AccountEvent = {
  id: 'e1',
  profileId: 'p',
  externalId: 'e1',
  occurredAtMs: T0 - 3_600_000,
  eventType: 'PAYEE_ADDED',
  partyId: 'GRANDSON',
  partyName: null,
  deviceId: null,
  country: null,
  details: null,
  createdAtMs: T0,
};
const evidence = (ruleId: string, itemId: string, kind: 'transaction' | 'event'): Evidence => ({
  ruleId,
  ruleName: `Rule ${ruleId}`,
  ruleType: 'NEW_COUNTERPARTY',
  ruleVersion: 1,
  weight: 0.4,
  severity: 'HIGH',
  category: 'SCAM_PERSON_IN_NEED',
  measured: 1,
  threshold: 1,
  baseline: null,
  reason: `reason ${ruleId}`,
  transactionIds: kind === 'transaction' ? [itemId] : [],
  eventIds: kind === 'event' ? [itemId] : [],
  itemId,
  itemKind: kind,
  occurredAtMs: T0,
});

describe('classifyEfe()', () => {
  test('every category is theft, scam or undetermined with a named typology', () => {
    for (const category of SIGNAL_CATEGORIES) {
      const { classification, typology } = classifyEfe(category);
      expect(['THEFT', 'SCAM', 'UNDETERMINED']).toContain(classification);
      expect(typology.length).toBeGreaterThan(5);
    }
    expect(classifyEfe('THEFT_CAREGIVER').classification).toBe('THEFT');
    expect(classifyEfe('SCAM_ROMANCE')).toEqual({ classification: 'SCAM', typology: 'Romance scam' });
  });
});

describe('buildCaseFacts() and buildNarrative()', () => {
  const signal: SignalState & { createdAtMs: number } = {
    id: 's',
    profileId: 'p',
    status: 'ACTIVE',
    category: 'SCAM_PERSON_IN_NEED',
    severity: 'HIGH',
    score: 0.7,
    evidence: [
      evidence('r1', 't1', 'transaction'),
      evidence('r2', 't2', 'transaction'),
      evidence('r3', 'e1', 'event'),
    ],
    debits: {},
    amountAtRiskMinor: 0,
    firstSeenMs: T0,
    lastSeenMs: T0,
    summary: '',
    batchRunId: null,
    review: null,
    createdAtMs: T0 + 1000,
  };
  const transactions = [
    tx('t2', T0 + 86_400_000, 250_050),
    tx('t1', T0, 70_000, { channel: 'GIFT_CARD', counterpartyCountry: null }),
    tx('t3', T0 + 2000, 10_000, { direction: 'CREDIT', counterpartyId: null, counterpartyName: null }),
  ];

  test('orders items in time with the rules that fired on each, sums totals and those after the first alert', () => {
    const facts = buildCaseFacts(signal, transactions, [event]);
    expect(facts.items.map((i) => [i.id, i.evidence.map((e) => e.ruleId)])).toEqual([
      ['e1', ['r3']],
      ['t1', ['r1']],
      ['t3', []],
      ['t2', ['r2']],
    ]);
    expect(facts.involved).toEqual({
      debitsMinor: 320_050,
      creditsMinor: 10_000,
      transactionCount: 3,
      eventCount: 1,
    });
    // t1 happened before the signal was raised (created_at = T0 + 1 s); t3 and t2 after.
    expect(facts.afterFirstSignal).toEqual({
      debitsMinor: 250_050,
      creditsMinor: 10_000,
      transactionCount: 2,
      eventCount: 0,
    });
    expect(facts.counterparties).toEqual([
      expect.objectContaining({
        key: 'GRANDSON',
        debitsMinor: 320_050,
        transactionCount: 2,
        eventTypes: ['PAYEE_ADDED'],
      }),
    ]);
    expect([facts.firstActivityMs, facts.lastActivityMs]).toEqual([event.occurredAtMs, T0 + 86_400_000]);
  });

  test('the narrative answers who, what, when, where and how and names the key term', () => {
    const facts = buildCaseFacts(signal, transactions, [event]);
    const victim = { name: 'Margaret Hill', customerId: 'C-1', age: 84, currency: 'USD', dateOfDeath: null };
    const n = buildNarrative(facts, victim, {
      transactions,
      events: [event],
      signalCreatedAtMs: signal.createdAtMs,
    });
    expect(n.who).toBe(
      'The customer Margaret Hill (customer ID C-1, age 84). Suspected counterparties: Kevin (family).',
    );
    expect(n.what).toContain('Family/person-in-need scam (grandparent scam) (scam): 3 transaction(s)');
    expect(n.what).toContain('USD 3,200.50 debited');
    expect(n.what).toContain('USD 2,500.50 left the account after the first alert');
    expect(n.when).toBe('From 2026-10-01 to 2026-10-02; Vigil first raised the signal on 2026-10-01.');
    expect(n.where).toBe('Through WIRE and GIFT_CARD, involving NG.');
    expect(n.how).toContain('Account changes: PAYEE_ADDED.');
    expect(n.how).toContain('Rule r1: reason r1');
    expect(n.text.split('\n')[0]).toContain(EFE_KEY_TERM);
  });

  test('formatMoney groups thousands', () => {
    expect(formatMoney(123_456_789, 'USD')).toBe('USD 1,234,567.89');
    expect(formatMoney(5, 'EUR')).toBe('EUR 0.05');
  });
});
