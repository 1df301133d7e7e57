import type { AccountEvent, Transaction } from '../../activity.js';
import type { Baseline } from '../../baseline/baseline.js';
import { tx } from '../../baseline/test-transactions.js';
import type { RuleInput, ScoredItem } from '../types.js';

export { tx };

let sequence = 0;

/** An account event for rule tests. */
export function ev(
  at: string,
  eventType: AccountEvent['eventType'],
  fields: Partial<AccountEvent> = {},
): AccountEvent {
  sequence += 1;
  return {
    id: `e-${String(sequence).padStart(6, '0')}`,
    profileId: 'p-1',
    externalId: `ev-${sequence}`,
    occurredAtMs: Date.parse(at),
    eventType,
    partyId: null,
    partyName: null,
    deviceId: null,
    country: null,
    details: null,
    createdAtMs: 0,
    ...fields,
  };
}

const byTime = <T extends { occurredAtMs: number; id: string }>(a: T, b: T) =>
  a.occurredAtMs - b.occurredAtMs || a.id.localeCompare(b.id);

/**
 * A RuleInput scoring `item` against a history (the item is added to it when missing). The history
 * may be given in any order; it is sorted as the shell sorts it.
 */
export function ruleInput(
  item: Transaction | AccountEvent,
  history: { transactions?: Transaction[]; events?: AccountEvent[] } = {},
  overrides: Partial<Omit<RuleInput, 'item' | 'history'>> = {},
): RuleInput {
  const isEvent = 'eventType' in item;
  const transactions = [...(history.transactions ?? [])];
  const events = [...(history.events ?? [])];
  if (isEvent && !events.includes(item)) events.push(item);
  if (!isEvent && !transactions.includes(item)) transactions.push(item);
  const scored: ScoredItem = isEvent
    ? { kind: 'event', event: item }
    : { kind: 'transaction', transaction: item };
  return {
    profile: {
      id: 'p-1',
      dateOfBirth: '1950-01-01',
      enrollmentReason: 'AGE_THRESHOLD',
      hasTrustedContact: true,
      status: 'ACTIVE',
      dateOfDeath: null,
    },
    baseline: null,
    settings: { highRiskCountries: new Set() },
    priorFirings: [],
    ...overrides,
    history: { transactions: transactions.sort(byTime), events: events.sort(byTime) },
    item: scored,
  };
}

/** A READY baseline with the given debit median (minor units) and other fields overridable. */
export function readyBaseline(fields: Partial<Baseline> = {}): Baseline {
  return {
    asOfMs: Date.parse('2026-06-01T00:00:00Z'),
    windowStartMs: Date.parse('2025-12-03T00:00:00Z'),
    lookbackDays: 180,
    status: 'READY',
    transactionCount: 120,
    debitCount: 100,
    creditCount: 20,
    activeDays: 90,
    debitAmount: { median: 5000, mad: 2000, p95: 20_000, p99: 40_000, max: 60_000 },
    dailyDebitCountP95: 2,
    weeklyDebitCountP95: 6,
    weeklyOutflow: { median: 40_000, mad: 10_000, p95: 80_000, max: 100_000 },
    monthlyOutflowMedian: 180_000,
    monthlyIncomeMedian: 200_000,
    cashWithdrawal: { median: 10_000, p95: 30_000, roundShare: 0.5 },
    channelMix: { CARD: { countShare: 0.7, valueShare: 0.4 }, ACH: { countShare: 0.3, valueShare: 0.6 } },
    counterparties: {},
    countries: { US: { firstSeenMs: 0, lastSeenMs: 0, count: 100 } },
    devices: {},
    hourHistogram: new Array<number>(24).fill(5),
    recurringCredits: [],
    medianBalanceMinor: 1_000_000,
    lastCustomerDebitMs: Date.parse('2026-05-30T00:00:00Z'),
    ...fields,
  };
}
