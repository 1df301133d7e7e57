/**
 * B4: the facts json-rules-engine decides on, precomputed per scored item from the same in-memory
 * history the engine reads. They are window aggregates and baseline statistics (sums, counts, maxima,
 * the baseline's median scaled by a rule's multiple); every comparison against a rule's threshold is
 * left to the json-rules-engine conditions of b4-engine-rules.ts. Windows follow the engine's own
 * helpers (history.ts), so both sides look at exactly the same items.
 */
import { counterpartyKey, isCustomerInitiated, type Transaction } from '../src/domain/activity.js';
import { robustZ } from '../src/domain/baseline/statistics.js';
import {
  between,
  CASH_CHANNELS,
  DAY_MS,
  endAt,
  HOUR_MS,
  isReady,
  itemId,
  itemTime,
  medianDebitOrZero,
  sumAmounts,
  transactionsInWindow,
} from '../src/domain/detection/history.js';
import { isEstablishedPayee, isMerchantPayment } from '../src/domain/detection/payee-kind.js';
import { poissonThreshold } from '../src/domain/detection/rules/velocity-cash-frequency.js';
import type { RuleInput } from '../src/domain/detection/types.js';
import { ageOn } from '../src/domain/values/dates.js';
import type { Channel, EventType, Initiator } from '../src/domain/values/enums.js';

export type Facts = Record<string, string | number | boolean | null | readonly string[]>;

/** Account events that open each sequence rule's window, and the windows (hours). */
export const CONTACT_CHANGE_EVENTS: readonly EventType[] = [
  'ADDRESS_CHANGE',
  'PHONE_CHANGE',
  'EMAIL_CHANGE',
  'PASSWORD_RESET',
];
export const DEVICE_EVENTS: readonly EventType[] = ['NEW_DEVICE_LOGIN', 'PAYEE_ADDED', 'LIMIT_INCREASE'];
export const AGENT_EVENTS: readonly EventType[] = ['POA_ADDED', 'AUTHORIZED_USER_ADDED', 'JOINT_OWNER_ADDED'];
const AGENT_INITIATOR: Partial<Record<EventType, Initiator>> = {
  POA_ADDED: 'FIDUCIARY',
  AUTHORIZED_USER_ADDED: 'AUTHORIZED_USER',
  JOINT_OWNER_ADDED: 'JOINT_OWNER',
};
export const ESCALATION_CHANNELS: readonly Channel[] = [
  'P2P',
  'WIRE',
  'ONLINE_TRANSFER',
  'ACH',
  'CHECK',
  'CRYPTO',
  'GIFT_CARD',
];
const RELATED: ReadonlySet<string> = new Set(['FAMILY', 'CAREGIVER', 'FIDUCIARY']);
/** Relationships the new-payee rule leaves to the RELATIONSHIP rules (skip_related_parties). */
const KNOWN_PARTIES: ReadonlySet<string> = new Set([
  'SELF',
  'FAMILY',
  'CAREGIVER',
  'FIDUCIARY',
  'JOINT_OWNER',
]);
export const TAKEOVER_PATTERN_EVENTS: readonly EventType[] = [
  'ADDRESS_CHANGE',
  'PHONE_CHANGE',
  'EMAIL_CHANGE',
  'PASSWORD_RESET',
  'NEW_DEVICE_LOGIN',
  'PAYEE_ADDED',
  'LIMIT_INCREASE',
];
export const AGENT_PATTERN_EVENTS: readonly EventType[] = [
  ...AGENT_EVENTS,
  'ADDRESS_CHANGE',
  'PHONE_CHANGE',
  'EMAIL_CHANGE',
  'BENEFICIARY_CHANGE',
  'DIRECT_DEPOSIT_CHANGE',
];

/**
 * Distinct trigger event types within the window up to the scored event, with and without it, and
 * whether an agent event is among them: the event_pattern mode's counts.
 */
function eventPattern(input: RuleInput, types: readonly EventType[], hours: number) {
  const item = input.item;
  if (item.kind !== 'event') return { with: 0, before: 0, hasAgent: false };
  const at = item.event.occurredAtMs;
  const inWindow = between(input.history.events, at - hours * HOUR_MS - 1, at).filter(
    (e) => types.includes(e.eventType) && (e.occurredAtMs < at || e.id <= item.event.id),
  );
  const all = new Set(inWindow.map((e) => e.eventType));
  const before = new Set(inWindow.filter((e) => e.id !== item.event.id).map((e) => e.eventType));
  return { with: all.size, before: before.size, hasAgent: [...all].some((t) => AGENT_EVENTS.includes(t)) };
}

/** As keyword.ts normalises text: lower case, every run of non-letters and non-digits one space. */
export function normalizedWords(text: string): string[] {
  const flat = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return flat === '' ? [] : flat.split(' ');
}

/** Every run of 1..maxWords consecutive words: a phrase is in the text exactly when it is one of these. */
function phrases(words: readonly string[], maxWords: number): string[] {
  const out: string[] = [];
  for (let n = 1; n <= maxWords; n++)
    for (let i = 0; i + n <= words.length; i++) out.push(words.slice(i, i + n).join(' '));
  return out;
}

const countryCode = (code: string | null): string | null => {
  const trimmed = code?.trim().toUpperCase();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
};

const isDebitTx = (t: Transaction) => t.direction === 'DEBIT';
const ceilCount = (value: number) => Math.ceil(value - 1e-9);

/** Debits in (at − lookback, at − 1]: the earlier debits the new-payee and first-use rules look at. */
function earlierDebits(list: readonly Transaction[], atMs: number, lookbackMs: number): Transaction[] {
  return list.slice(endAt(list, atMs - lookbackMs), endAt(list, atMs - 1)).filter(isDebitTx);
}

function eventCount(input: RuleInput, types: readonly EventType[], hours: number): number {
  const at = itemTime(input.item);
  return between(input.history.events, at - hours * HOUR_MS - 1, at).filter((e) =>
    types.includes(e.eventType),
  ).length;
}

function escalation(input: RuleInput, debit: Transaction, key: string) {
  const list = input.history.transactions;
  const sinceMs = debit.occurredAtMs - 60 * DAY_MS;
  const known = input.baseline?.counterparties[key];
  const isToPayee = (t: Transaction) => t.direction === 'DEBIT' && counterpartyKey(t) === key;
  const start = endAt(list, sinceMs);
  let paidBefore = false;
  for (let i = start - 1; i >= 0 && !paidBefore; i--) paidBefore = isToPayee(list[i] as Transaction);
  const payments: Transaction[] = [];
  for (let i = start; i < endAt(list, debit.occurredAtMs); i++) {
    const t = list[i] as Transaction;
    if (t.id === debit.id) continue;
    if (t.occurredAtMs === debit.occurredAtMs && t.id.localeCompare(debit.id) > 0) continue;
    if (isToPayee(t) && ESCALATION_CHANNELS.includes(t.channel)) payments.push(t);
  }
  payments.push(debit);
  let runStart = payments.length - 1;
  while (runStart > 0 && (payments[runStart - 1]?.amountMinor ?? 0) < (payments[runStart]?.amountMinor ?? 0))
    runStart -= 1;
  return {
    payeeKnownBefore60d: known !== undefined && known.firstSeenMs <= sinceMs,
    payeePaidBefore60d: paidBefore,
    escalatingRunLength60d: payments.length - runStart,
  };
}

function agentPartyTotal(input: RuleInput, debit: Transaction): number {
  const at = debit.occurredAtMs;
  const events = between(input.history.events, at - 1440 * HOUR_MS - 1, at).filter((e) =>
    AGENT_EVENTS.includes(e.eventType),
  );
  let best = 0;
  for (const event of events) {
    const initiator = AGENT_INITIATOR[event.eventType];
    const isParty = (t: Transaction) =>
      t.direction === 'DEBIT' &&
      ((initiator !== undefined && t.initiatedBy === initiator) ||
        (event.partyId !== null && t.counterpartyId === event.partyId));
    if (!isParty(debit)) continue;
    best = Math.max(
      best,
      sumAmounts(between(input.history.transactions, event.occurredAtMs - 1, at).filter(isParty)),
    );
  }
  return best;
}

function dormancy(input: RuleInput, debit: Transaction) {
  const list = input.history.transactions;
  const isCustomerDebit = (t: Transaction) => t.direction === 'DEBIT' && isCustomerInitiated(t);
  const burst: Transaction[] = [];
  let firstIndex = -1;
  for (let i = endAt(list, debit.occurredAtMs - 30 * DAY_MS); i < endAt(list, debit.occurredAtMs); i++) {
    const t = list[i] as Transaction;
    if (!isCustomerDebit(t)) continue;
    if (firstIndex < 0) firstIndex = i;
    burst.push(t);
  }
  let balance: number | null = null;
  for (let i = firstIndex - 1; i >= 0 && balance === null; i--) balance = list[i]?.balanceAfterMinor ?? null;
  const firstMs = list[firstIndex]?.occurredAtMs ?? debit.occurredAtMs;
  let lastBefore: Transaction | undefined;
  for (let i = firstIndex - 1; i >= 0 && !lastBefore; i--) {
    const t = list[i] as Transaction;
    if (isCustomerDebit(t)) lastBefore = t;
  }
  return {
    burstDebitCount30d: burst.length,
    burstOutflow30d: sumAmounts(burst),
    balanceBeforeBurst: firstIndex < 0 ? null : balance,
    burstBalanceShareThreshold: balance !== null && balance > 0 ? Math.ceil(0.2 * balance) : 0,
    hasCustomerDebitBeforeBurst: lastBefore !== undefined,
    msFromLastCustomerDebitToBurst: lastBefore ? firstMs - lastBefore.occurredAtMs : 0,
    msOfHistoryBeforeBurst: firstMs - (list[0]?.occurredAtMs ?? firstMs),
  };
}

function balanceTrend(input: RuleInput, debit: Transaction) {
  const current = debit.balanceAfterMinor;
  const window = transactionsInWindow(input, 30 * DAY_MS);
  let peakIndex = -1;
  let peak = 0;
  window.forEach((t, i) => {
    if (t.balanceAfterMinor !== null && (peakIndex < 0 || t.balanceAfterMinor >= peak)) {
      peak = t.balanceAfterMinor;
      peakIndex = i;
    }
  });
  const usual = isReady(input.baseline) ? input.baseline.medianBalanceMinor : null;
  const drop = current === null ? 0 : peak - current;
  const outflow = window.slice(peakIndex + 1).filter(isDebitTx);
  if (!outflow.includes(debit)) outflow.push(debit);
  return {
    merchantOutflowSincePeak30d: sumAmounts(outflow.filter(isMerchantPayment)),
    halfOutflowSincePeak30d: 0.5 * sumAmounts(outflow),
    hasBalanceAfter: current !== null,
    balanceAfter: current ?? 0,
    peakBalance30d: peakIndex < 0 ? 0 : peak,
    halfPeakBalance30d: 0.5 * peak,
    balanceDrop30d: drop,
    dropBeforeThisDebit30d: current === null ? 0 : peak - (current + debit.amountMinor),
    usualBalanceKnown: usual !== null,
    halfUsualBalance: usual === null ? 0 : 0.5 * usual,
    largestDebitSincePeak30d: Math.max(...outflow.map((t) => t.amountMinor)),
    halfBalanceDrop30d: 0.5 * drop,
  };
}

function passThrough(input: RuleInput, debit: Transaction) {
  const recurring = new Set(input.baseline?.recurringCredits.map((r) => r.source) ?? []);
  const list = input.history.transactions;
  const windowStart = debit.occurredAtMs - 72 * HOUR_MS;
  // Payers who paid the customer before the window (the default row's new_payers_only).
  const known = new Set<string>();
  for (const t of list) {
    if (t.occurredAtMs > windowStart) break;
    const key = counterpartyKey(t);
    if (t.direction === 'CREDIT' && key !== undefined) known.add(key);
  }
  const isSpending = (t: Transaction) => t.channel === 'CARD' || isMerchantPayment(t);
  const isThirdPartyCredit = (t: Transaction) => {
    if (t.direction !== 'CREDIT' || t.counterpartyRelationship === 'SELF') return false;
    if (t.initiatedBy === 'INSTITUTION' || recurring.has(counterpartyKey(t) ?? `channel:${t.channel}`))
      return false;
    const isRelated = t.counterpartyRelationship !== null && t.counterpartyRelationship !== 'UNKNOWN';
    const key = counterpartyKey(t);
    if (isRelated || key === undefined || known.has(key)) return false;
    if (t.channel === 'ACH') return t.counterpartyType === 'INDIVIDUAL';
    return true; // INDIVIDUAL, UNKNOWN and BUSINESS payers all count in the default row
  };
  const credits = between(list, windowStart, debit.occurredAtMs).filter(isThirdPartyCredit);
  const received = sumAmounts(credits);
  const first = credits[0];
  let forwarded = 0;
  if (first) {
    for (const t of between(list, first.occurredAtMs - 1, debit.occurredAtMs)) {
      if (t.direction === 'DEBIT' && t.counterpartyRelationship !== 'SELF' && !isSpending(t))
        forwarded += t.amountMinor;
      if (t.id === debit.id) break;
    }
  }
  return {
    debitIsSpending: isSpending(debit),
    thirdPartyCredits72h: credits.length,
    thirdPartyCreditTotal72h: received,
    forwardThreshold70: Math.ceil(0.7 * received - 1e-6),
    forwardedSinceFirstCredit: forwarded,
    forwardedBeforeThisDebit: forwarded - debit.amountMinor,
  };
}

const RAILS: Partial<Record<Channel, string>> = { ATM: 'CASH', TELLER: 'CASH', WIRE: 'WIRE' };

/** First large cash or wire: the largest earlier debit on the scored debit's rail within 365 days. */
function firstRail(input: RuleInput, debit: Transaction) {
  const rail = RAILS[debit.channel];
  let largest = 0;
  for (const t of input.history.transactions) {
    if (t.occurredAtMs >= debit.occurredAtMs) break;
    if (t.occurredAtMs < debit.occurredAtMs - 365 * DAY_MS || t.direction !== 'DEBIT') continue;
    if (rail !== undefined && RAILS[t.channel] === rail) largest = Math.max(largest, t.amountMinor);
  }
  const ready = isReady(input.baseline);
  const median = medianDebitOrZero(input.baseline);
  const p99 = ready ? (input.baseline?.debitAmount?.p99 ?? 0) : 0;
  return {
    railLargestPrior365d: largest,
    railPriorTimes3: 3 * largest,
    firstRailThreshold: Math.max(200_000, Math.ceil(10 * median), Math.ceil(p99)),
  };
}

/** Cash withdrawals more often than usual: ATM withdrawals at home in 14 days against the Poisson line. */
function cashFrequency(input: RuleInput, debit: Transaction) {
  const baseline = input.baseline;
  if (!isReady(baseline))
    return { atmHome14d: 0, atmHomeTotal14d: 0, cashFrequencyThreshold: 0, atHome: false };
  const atHome = (t: Transaction) => t.country === null || baseline.countries[t.country] !== undefined;
  const share = baseline.channelMix.ATM?.countShare ?? 0;
  const usual = (share * baseline.debitCount * 14) / baseline.lookbackDays;
  const list = transactionsInWindow(input, 336 * HOUR_MS).filter(
    (t) => t.direction === 'DEBIT' && t.channel === 'ATM' && atHome(t),
  );
  return {
    atmHome14d: list.length,
    atmHomeTotal14d: sumAmounts(list),
    cashFrequencyThreshold: Math.max(6, poissonThreshold(usual, 0.0001)),
    atHome: atHome(debit),
  };
}

/** Neutral values of the debit-only facts, for credits and events (every fact must exist for json-rules-engine). */
const NO_DEBIT: Facts = {
  isMerchantPayment: false,
  debitIsSpending: false,
  railLargestPrior365d: 0,
  railPriorTimes3: 0,
  firstRailThreshold: 0,
  atmHome14d: 0,
  atmHomeTotal14d: 0,
  cashFrequencyThreshold: 0,
  atHome: false,
  isKnownParty: false,
  establishedBusinessPayee365d: false,
  relatedLargestDebit90d: 0,
  relatedSingleLimit90d: 0,
  relatedDebitsBeforeThis90d: 0,
  payeeLargestDebit90d: 0,
  payeeSingleLimit90d: 0,
  payeeDebitsBeforeThis90d: 0,
  payeePaidBeforePrevious90d: false,
  merchantOutflowSincePeak30d: 0,
  halfOutflowSincePeak30d: 0,
  medianDebitTimes5: 0,
  medianDebitTimes3: 0,
  p99Debit: 0,
  outflow7d: 0,
  weeklyOutflowZ: 0,
  largestDebit7d: 0,
  halfOutflow7d: 0,
  weeklyOutflowMax: 0,
  scoredInWindow7d: false,
  priorOutflow7d: 0,
  priorOutflow7dZ: 0,
  channelBaselineValueShare: 0,
  channelShare30d: 0,
  channelOutflow30d: 0,
  debitCount24h: 0,
  dailyDebitCountP95Times3: 0,
  debitAmountIsRoundHundred: false,
  roundCashCount7d: 0,
  atmWithdrawalsToday: 0,
  atmDaysAtLimit10d: 0,
  payeeKnownBefore60d: false,
  payeePaidBefore60d: false,
  escalatingRunLength60d: 0,
  payeePaidPrior365d: false,
  counterpartyCountryCode: null,
  debitCountryCode: null,
  counterpartyCountryPaidPrior365d: false,
  giftCardTotal72h: 0,
  giftCardCount24h: 0,
  cryptoDebitsPrior365d: 0,
  largestCashWithdrawal24h: 0,
  hasDescription: false,
  descriptionPhrases: [],
  contactChangeEvents14d: 0,
  newPayee180d: false,
  deviceEvents48h: 0,
  agentPartyDebitTotal60d: 0,
  monthlyOutflowMedian: 0,
  cdEarlyWithdrawalEvents14d: 0,
  relatedDebits90d: 0,
  relatedDebitsPrevious90dTimes2: 0,
  payeeDebits90d: 0,
  payeeDebitsPrevious90d: 0,
  payeeDebitsPrevious90dTimes2: 0,
  burstDebitCount30d: 0,
  burstOutflow30d: 0,
  balanceBeforeBurst: null,
  burstBalanceShareThreshold: 0,
  hasCustomerDebitBeforeBurst: false,
  msFromLastCustomerDebitToBurst: 0,
  msOfHistoryBeforeBurst: 0,
  hasBalanceAfter: false,
  balanceAfter: 0,
  peakBalance30d: 0,
  halfPeakBalance30d: 0,
  balanceDrop30d: 0,
  dropBeforeThisDebit30d: 0,
  usualBalanceKnown: false,
  halfUsualBalance: 0,
  largestDebitSincePeak30d: 0,
  halfBalanceDrop30d: 0,
  thirdPartyCredits72h: 0,
  thirdPartyCreditTotal72h: 0,
  forwardThreshold70: 0,
  forwardedSinceFirstCredit: 0,
  forwardedBeforeThisDebit: 0,
  msSinceDeathDay: null,
};

/** Every fact the json-rules-engine rules read, for one scored item. */
export function computeFacts(input: RuleInput, keywordMaxWords: number): Facts {
  const { item, profile, baseline } = input;
  const at = itemTime(item);
  const ready = isReady(baseline);
  const t = item.kind === 'transaction' ? item.transaction : undefined;
  const takeover = eventPattern(input, TAKEOVER_PATTERN_EVENTS, 72);
  const agent = eventPattern(input, AGENT_PATTERN_EVENTS, 720);
  const common: Facts = {
    takeoverPatternTypes72h: takeover.with,
    takeoverPatternTypesBefore72h: takeover.before,
    agentPatternTypes30d: agent.with,
    agentPatternTypesBefore30d: agent.before,
    agentPatternHasAgent30d: agent.hasAgent,
    itemKind: item.kind,
    eventType: item.kind === 'event' ? item.event.eventType : null,
    isDebit: t?.direction === 'DEBIT',
    debitAmount: t?.direction === 'DEBIT' ? t.amountMinor : 0,
    channel: t?.channel ?? null,
    counterpartyType: t?.counterpartyType ?? null,
    counterpartyRelationship: t?.counterpartyRelationship ?? null,
    initiatedBy: t?.initiatedBy ?? null,
    isCustomerInitiated: t !== undefined && isCustomerInitiated(t),
    hasCounterpartyKey: t !== undefined && counterpartyKey(t) !== undefined,
    baselineReady: ready,
    profileStatus: profile.status,
    customerAge: ageOn(profile.dateOfBirth, new Date(at).toISOString().slice(0, 10)),
    enrollmentReason: profile.enrollmentReason,
    hasTrustedContact: profile.hasTrustedContact,
    // Set by the engine's success handler when a rule other than the context modifier fires.
    anotherRuleFired: false,
    // The confirmation in force for the payee (none in this bench: nothing was reviewed), and its time.
    paysConfirmedCounterpartyAfter: confirmedAfter(input),
  };
  if (t?.direction !== 'DEBIT') return { ...common, ...NO_DEBIT };
  const debit = t;
  const list = input.history.transactions;
  const key = counterpartyKey(debit);
  const median = medianDebitOrZero(baseline);

  const debits7d = transactionsInWindow(input, 7 * DAY_MS).filter(isDebitTx);
  const outflow7d = sumAmounts(debits7d);
  const weekly = ready ? baseline.weeklyOutflow : { median: 0, mad: 0, max: 0 };
  const scored7d = debits7d.find((d) => d.id === itemId(item));
  const debits30d = transactionsInWindow(input, 30 * DAY_MS).filter(isDebitTx);
  const total30d = sumAmounts(debits30d);
  const channel30d = sumAmounts(
    debits30d.filter((d) => d.channel === debit.channel && !isMerchantPayment(d)),
  );

  const isRoundCash = (d: Transaction) =>
    d.direction === 'DEBIT' &&
    CASH_CHANNELS.has(d.channel) &&
    d.amountMinor >= 50_000 &&
    d.amountMinor % 10_000 === 0;
  const itemDay = Math.floor(at / DAY_MS);
  const atmByDay = new Map<number, number>();
  for (const d of between(list, (itemDay - 9) * DAY_MS - 1, at)) {
    if (d.direction !== 'DEBIT' || d.channel !== 'ATM') continue;
    const day = Math.floor(d.occurredAtMs / DAY_MS);
    atmByDay.set(day, (atmByDay.get(day) ?? 0) + d.amountMinor);
  }
  const prior365d = earlierDebits(list, at, 365 * DAY_MS);
  const ccCode = countryCode(debit.counterpartyCountry);
  const giftCards = (hours: number) =>
    transactionsInWindow(input, hours * HOUR_MS).filter(
      (d) => d.direction === 'DEBIT' && d.channel === 'GIFT_CARD',
    );
  const cash24h = transactionsInWindow(input, 24 * HOUR_MS).filter(
    (d) => d.id !== debit.id && d.direction === 'DEBIT' && CASH_CHANNELS.has(d.channel),
  );
  const isRelated = (d: Transaction) =>
    d.direction === 'DEBIT' && d.counterpartyRelationship !== null && RELATED.has(d.counterpartyRelationship);
  const isToPayee = (d: Transaction) =>
    d.direction === 'DEBIT' && key !== undefined && counterpartyKey(d) === key;
  const current90 = between(list, at - 90 * DAY_MS, at);
  const previous90 = between(list, at - 180 * DAY_MS, at - 90 * DAY_MS);
  const deathDayMs =
    profile.dateOfDeath === null ? Number.NaN : Date.parse(`${profile.dateOfDeath}T00:00:00Z`);

  const related90 = current90.filter(isRelated);
  const relatedTotal = sumAmounts(related90);
  const payee90 = current90.filter(isToPayee);
  const payeeTotal = sumAmounts(payee90);
  const largest = (list: readonly Transaction[]) => list.reduce((m, d) => Math.max(m, d.amountMinor), 0);
  return {
    ...common,
    isMerchantPayment: isMerchantPayment(debit),
    isKnownParty:
      debit.counterpartyRelationship !== null && KNOWN_PARTIES.has(debit.counterpartyRelationship),
    establishedBusinessPayee365d:
      debit.counterpartyType === 'BUSINESS' && isEstablishedPayee(list, debit, at - 365 * DAY_MS),
    relatedLargestDebit90d: largest(related90),
    relatedSingleLimit90d: 0.6 * relatedTotal,
    relatedDebitsBeforeThis90d: relatedTotal - debit.amountMinor,
    payeeLargestDebit90d: largest(payee90),
    payeeSingleLimit90d: 0.6 * payeeTotal,
    payeeDebitsBeforeThis90d: payeeTotal - debit.amountMinor,
    payeePaidBeforePrevious90d: between(list, -Infinity, at - 180 * DAY_MS).some(isToPayee),
    medianDebitTimes5: Math.ceil(5 * median),
    medianDebitTimes3: Math.ceil(3 * median),
    p99Debit: ready ? Math.ceil(baseline.debitAmount?.p99 ?? 0) : 0,
    outflow7d,
    weeklyOutflowZ: robustZ(outflow7d, weekly.median, weekly.mad),
    largestDebit7d: debits7d.reduce((m, d) => Math.max(m, d.amountMinor), 0),
    halfOutflow7d: 0.5 * outflow7d,
    weeklyOutflowMax: weekly.max,
    scoredInWindow7d: scored7d !== undefined,
    priorOutflow7d: outflow7d - debit.amountMinor,
    priorOutflow7dZ: robustZ(outflow7d - debit.amountMinor, weekly.median, weekly.mad),
    channelBaselineValueShare: ready ? (baseline.channelMix[debit.channel]?.valueShare ?? 0) : 0,
    channelShare30d: total30d === 0 ? 0 : channel30d / total30d,
    channelOutflow30d: channel30d,
    debitCount24h: transactionsInWindow(input, 24 * HOUR_MS).filter(isDebitTx).length,
    dailyDebitCountP95Times3: ready ? ceilCount(3 * baseline.dailyDebitCountP95) : 0,
    debitAmountIsRoundHundred: debit.amountMinor % 10_000 === 0,
    roundCashCount7d: transactionsInWindow(input, 168 * HOUR_MS).filter(isRoundCash).length,
    atmWithdrawalsToday: atmByDay.get(itemDay) ?? 0,
    atmDaysAtLimit10d: [...atmByDay.values()].filter((total) => total >= 45_000).length,
    ...(key === undefined
      ? { payeeKnownBefore60d: false, payeePaidBefore60d: false, escalatingRunLength60d: 0 }
      : escalation(input, debit, key)),
    payeePaidPrior365d: key !== undefined && prior365d.some((d) => counterpartyKey(d) === key),
    counterpartyCountryCode: ccCode,
    debitCountryCode: countryCode(debit.country),
    counterpartyCountryPaidPrior365d:
      ccCode !== null && prior365d.some((d) => countryCode(d.counterpartyCountry) === ccCode),
    giftCardTotal72h: sumAmounts(giftCards(72)),
    giftCardCount24h: giftCards(24).length,
    cryptoDebitsPrior365d: prior365d.filter((d) => d.channel === 'CRYPTO').length,
    largestCashWithdrawal24h: cash24h.reduce((m, d) => Math.max(m, d.amountMinor), 0),
    hasDescription: debit.description !== null,
    descriptionPhrases:
      debit.description === null ? [] : phrases(normalizedWords(debit.description), keywordMaxWords),
    contactChangeEvents14d: eventCount(input, CONTACT_CHANGE_EVENTS, 336),
    newPayee180d:
      key !== undefined &&
      !between(list, at - 180 * DAY_MS, at).some((d) => d.id !== debit.id && isToPayee(d)),
    deviceEvents48h: eventCount(input, DEVICE_EVENTS, 48),
    agentPartyDebitTotal60d: agentPartyTotal(input, debit),
    monthlyOutflowMedian: ready ? Math.ceil(baseline.monthlyOutflowMedian) : 0,
    cdEarlyWithdrawalEvents14d: eventCount(input, ['CD_EARLY_WITHDRAWAL'], 336),
    relatedDebits90d: sumAmounts(current90.filter(isRelated)),
    relatedDebitsPrevious90dTimes2: Math.ceil(2 * sumAmounts(previous90.filter(isRelated))),
    payeeDebits90d: sumAmounts(current90.filter(isToPayee)),
    payeeDebitsPrevious90d: sumAmounts(previous90.filter(isToPayee)),
    payeeDebitsPrevious90dTimes2: Math.ceil(2 * sumAmounts(previous90.filter(isToPayee))),
    ...dormancy(input, debit),
    ...balanceTrend(input, debit),
    ...passThrough(input, debit),
    ...firstRail(input, debit),
    ...cashFrequency(input, debit),
    msSinceDeathDay: Number.isNaN(deathDayMs) ? null : at - deathDayMs,
  };
}

/** Item time minus the payee's confirmation time (positive: after it), or null when none is in force. */
function confirmedAfter(input: RuleInput): number | null {
  const t = input.item.kind === 'transaction' ? input.item.transaction : undefined;
  if (t?.direction !== 'DEBIT' || t.counterpartyId === null) return null;
  const confirmed = input.confirmedCounterparties?.get(t.counterpartyId);
  return confirmed ? t.occurredAtMs - confirmed.afterMs : null;
}
