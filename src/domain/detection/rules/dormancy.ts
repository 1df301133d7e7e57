import { Type, type Static } from 'typebox';
import { isCustomerInitiated, type Transaction } from '../../activity.js';
import { DAY_MS, endAt, HISTORY_DAYS, formatMoney, scoredDebit, sumAmounts } from '../history.js';
import {
  INSUFFICIENT_HISTORY,
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    idle_days: Type.Integer({
      minimum: 1,
      maximum: 3650,
      default: 180,
      description:
        'Days without a customer-initiated debit before the burst for the account to count as dormant',
    }),
    window_days: Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 30,
      description: 'The burst: customer-initiated debits within this many days up to the scored debit',
    }),
    min_debits: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'This many debits in the burst fire (omit to skip the count test)',
      }),
    ),
    min_balance_share: Type.Optional(
      Type.Number({
        minimum: 0.01,
        maximum: 1,
        description:
          'The burst taking this share of the last balance known before it fires (omit to skip; skipped when no balance is known)',
      }),
    ),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

const isDebit = (t: Transaction) => t.direction === 'DEBIT' && isCustomerInitiated(t);

interface Burst {
  debits: Transaction[];
  /** Index in the history of the burst's first debit. */
  firstIndex: number;
}

function findBurst(list: readonly Transaction[], atMs: number, windowMs: number): Burst {
  const debits: Transaction[] = [];
  let firstIndex = -1;
  for (let i = endAt(list, atMs - windowMs); i < endAt(list, atMs); i++) {
    const t = list[i];
    if (t === undefined || !isDebit(t)) continue;
    if (firstIndex < 0) firstIndex = i;
    debits.push(t);
  }
  return { debits, firstIndex };
}

/** Index of the burst's first debit (findBurst's firstIndex) without gathering the burst. */
function firstDebitFrom(list: readonly Transaction[], atMs: number, windowMs: number): number {
  const end = endAt(list, atMs);
  for (let i = endAt(list, atMs - windowMs); i < end; i++) {
    const t = list[i];
    if (t !== undefined && isDebit(t)) return i;
  }
  return -1;
}

function lastBalanceBefore(list: readonly Transaction[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) {
    const balance = list[i]?.balanceAfterMinor ?? null;
    if (balance !== null) return balance;
  }
  return undefined;
}

type Idleness =
  { kind: 'RECENT' } | { kind: 'UNKNOWN' } | { kind: 'IDLE'; sinceMs: number; isHistoryStart: boolean };

/**
 * How long before the debit at `index` the last customer-initiated debit was (or the history began),
 * looking back HISTORY_DAYS at most: older items are not seen, however much history was loaded.
 */
function idlenessBefore(list: readonly Transaction[], index: number, idleMs: number): Idleness {
  const firstMs = list[index]?.occurredAtMs ?? 0;
  const horizonMs = firstMs - HISTORY_DAYS * DAY_MS;
  let earliest = firstMs;
  for (let i = index - 1; i >= 0; i--) {
    const t = list[i];
    if (t === undefined) continue;
    if (t.occurredAtMs < horizonMs) break;
    earliest = t.occurredAtMs;
    if (!isDebit(t)) continue;
    return t.occurredAtMs > firstMs - idleMs
      ? { kind: 'RECENT' }
      : { kind: 'IDLE', sinceMs: t.occurredAtMs, isHistoryStart: false };
  }
  return earliest <= firstMs - idleMs
    ? { kind: 'IDLE', sinceMs: earliest, isHistoryStart: true }
    : { kind: 'UNKNOWN' };
}

function reasonFor(
  debits: readonly Transaction[],
  idle: { days: number; isAtLeast: boolean },
  balance: number | undefined,
  windowDays: number,
): string {
  const outflow = sumAmounts(debits);
  const count = `${debits.length} debit${debits.length === 1 ? '' : 's'}`;
  const share =
    balance !== undefined && balance > 0
      ? `, ${Math.round((outflow / balance) * 100)}% of the ${formatMoney(balance)} balance`
      : '';
  return (
    `After ${idle.isAtLeast ? 'at least ' : ''}${idle.days} days without a customer-initiated debit, ` +
    `${count} totalling ${formatMoney(outflow)} left the account within ${windowDays} days${share}.`
  );
}

/**
 * A long-idle account that suddenly moves money: the scored customer-initiated debit belongs to a burst
 * of such debits within window_days whose first one comes idle_days or more after the last one before
 * it; the burst counts min_debits debits or takes min_balance_share of the balance (detection.md §4 DORMANCY).
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  // Scheduled ACH and bill payments and payments by agents never make an account look used or reactivated.
  if (!debit || !isCustomerInitiated(debit)) return NOT_FIRED;
  const list = input.history.transactions;
  // Most debits follow a recent one: then nothing fires whatever the burst, so it is not gathered.
  const firstIndex = firstDebitFrom(list, debit.occurredAtMs, p.window_days * DAY_MS);
  if (firstIndex < 0) return NOT_FIRED;
  if (idlenessBefore(list, firstIndex, p.idle_days * DAY_MS).kind === 'RECENT') return NOT_FIRED;
  const burst = findBurst(list, debit.occurredAtMs, p.window_days * DAY_MS);
  if (burst.firstIndex < 0) return NOT_FIRED;
  const outflow = sumAmounts(burst.debits);
  const balance = lastBalanceBefore(list, burst.firstIndex);
  const isCountMet = p.min_debits !== undefined && burst.debits.length >= p.min_debits;
  const shareThreshold =
    p.min_balance_share !== undefined && balance !== undefined && balance > 0
      ? Math.ceil(p.min_balance_share * balance)
      : undefined;
  const isShareMet = shareThreshold !== undefined && outflow >= shareThreshold;
  if (!isCountMet && !isShareMet) return NOT_FIRED;

  const idleness = idlenessBefore(list, burst.firstIndex, p.idle_days * DAY_MS);
  if (idleness.kind === 'UNKNOWN') return INSUFFICIENT_HISTORY;
  if (idleness.kind === 'RECENT') return NOT_FIRED;
  const firstMs = list[burst.firstIndex]?.occurredAtMs ?? debit.occurredAtMs;
  return {
    outcome: 'FIRED',
    measured: isCountMet ? burst.debits.length : outflow,
    threshold: isCountMet ? (p.min_debits ?? 0) : (shareThreshold ?? 0),
    baseline: null,
    reason: reasonFor(
      burst.debits,
      { days: Math.floor((firstMs - idleness.sinceMs) / DAY_MS), isAtLeast: idleness.isHistoryStart },
      balance,
      p.window_days,
    ),
    transactionIds: burst.debits.map((t) => t.id),
    eventIds: [],
  };
}

export const dormancy: RuleTypeDefinition<Parameters> = {
  type: 'DORMANCY',
  parameters: Parameters,
  defaultCategory: 'THEFT_FAMILY',
  realTime: true,
  measure,
};

export const dormancyDefaults: DefaultRule[] = [
  {
    name: 'Dormant account reactivated',
    ruleType: 'DORMANCY',
    weight: 0.55,
    severity: 'HIGH',
    signalCategory: 'THEFT_FAMILY',
    description:
      'After 120 days without a customer-initiated debit, the first customer debit (or 20% of the balance within 30 days).',
    // Issue 13: tuned from 180 days and 3 debits. The drain's first debit is the alert: waiting for a
    // third let the first two leave; an account unused for four months while income keeps arriving
    // (an owner in hospital or a care home) is reactivated by its first debit, and the owner's own
    // return costs one call to the trusted contact.
    parameters: { idle_days: 120, window_days: 30, min_debits: 1, min_balance_share: 0.2 },
  },
];
