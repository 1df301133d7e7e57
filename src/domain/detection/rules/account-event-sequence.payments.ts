import { counterpartyKey, type AccountEvent, type Transaction } from '../../activity.js';
import type { EventType, Initiator } from '../../values/enums.js';
import { between, DAY_MS, formatMoney, isReady, sumAmounts, toMinor, setOf } from '../history.js';
import { INSUFFICIENT_HISTORY, NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import type { Parameters } from './account-event-sequence.js';

/** How a reason names each account event. */
export const EVENT_LABELS: Record<EventType, string> = {
  ADDRESS_CHANGE: 'an address change',
  PHONE_CHANGE: 'a phone number change',
  EMAIL_CHANGE: 'an email change',
  PASSWORD_RESET: 'a password reset',
  NEW_DEVICE_LOGIN: 'a login from a new device',
  LOGIN: 'a login',
  POA_ADDED: 'a new power of attorney',
  AUTHORIZED_USER_ADDED: 'a new authorized user',
  JOINT_OWNER_ADDED: 'a new joint owner',
  BENEFICIARY_CHANGE: 'a beneficiary change',
  TRUSTED_CONTACT_CHANGE: 'a trusted contact change',
  PAYEE_ADDED: 'a new payee',
  LIMIT_INCREASE: 'a limit increase',
  DIRECT_DEPOSIT_CHANGE: 'a direct deposit change',
  CD_EARLY_WITHDRAWAL: 'an early CD withdrawal',
  STAFF_CONCERN: 'a staff concern',
};

/** The initiator a debit by the added party carries; other events match only debits paid to their party. */
const INITIATOR_BY_EVENT: Partial<Record<EventType, Initiator>> = {
  POA_ADDED: 'FIDUCIARY',
  AUTHORIZED_USER_ADDED: 'AUTHORIZED_USER',
  JOINT_OWNER_ADDED: 'JOINT_OWNER',
};

type Limit = { thresholdMinor: number; baselineMinor: number | null } | 'INSUFFICIENT';

/**
 * max(floor, multiple × baseline stat): the floor alone when no multiple is set or the baseline is not
 * READY, and no limit at all when a purely baseline-relative limit has no READY baseline.
 */
function limit(floorMinor: number, multiple: number | undefined, stat: number | undefined): Limit {
  if (multiple === undefined || multiple === 0) return { thresholdMinor: floorMinor, baselineMinor: null };
  if (stat === undefined)
    return floorMinor > 0 ? { thresholdMinor: floorMinor, baselineMinor: null } : 'INSUFFICIENT';
  return { thresholdMinor: Math.max(floorMinor, Math.ceil(multiple * stat)), baselineMinor: stat };
}

function windowText(hours: number): string {
  return hours > 72 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

function isNewPayee(input: RuleInput, debit: Transaction, days: number): boolean {
  const key = counterpartyKey(debit);
  if (key === undefined) return false;
  const atMs = debit.occurredAtMs;
  return !between(input.history.transactions, atMs - days * DAY_MS, atMs).some(
    (t) => t.id !== debit.id && t.direction === 'DEBIT' && counterpartyKey(t) === key,
  );
}

/** Debit mode: the scored debit, after any trigger event in the window, is large or goes to a new payee. */
export function measureDebitAfter(
  input: RuleInput,
  p: Parameters,
  debit: Transaction,
  events: readonly AccountEvent[],
): Measurement {
  const median = isReady(input.baseline) ? (input.baseline.debitAmount?.median ?? 0) : undefined;
  const amountLimit = limit(toMinor(p.min_amount), p.median_multiple, median);
  const latest = events[events.length - 1];
  const after = `followed ${latest ? EVENT_LABELS[latest.eventType] : 'an account event'} within ${windowText(p.window_hours)}`;
  const evidence = { transactionIds: [debit.id], eventIds: events.map((e) => e.id) };
  if (amountLimit !== 'INSUFFICIENT' && debit.amountMinor >= amountLimit.thresholdMinor) {
    return {
      outcome: 'FIRED',
      measured: debit.amountMinor,
      threshold: amountLimit.thresholdMinor,
      baseline: amountLimit.baselineMinor,
      reason: `A debit of ${formatMoney(debit.amountMinor)} ${after}, at or above the limit of ${formatMoney(amountLimit.thresholdMinor)}.`,
      ...evidence,
    };
  }
  const days = p.new_payee_days;
  const isPayeeChannel = p.new_payee_channels?.includes(debit.channel) ?? true;
  if (days !== undefined && isPayeeChannel && isNewPayee(input, debit, days)) {
    return {
      outcome: 'FIRED',
      measured: debit.amountMinor,
      threshold: 0,
      baseline: null,
      reason: `A payment of ${formatMoney(debit.amountMinor)} to a payee not paid in the previous ${days} days ${after}.`,
      ...evidence,
    };
  }
  return amountLimit === 'INSUFFICIENT' ? INSUFFICIENT_HISTORY : NOT_FIRED;
}

/**
 * party_debits mode: debits initiated by or paid to the party of a trigger event, from the event up to
 * the scored debit (which must be one of them), totalled against max(min_amount, multiple × monthly
 * outflow median). With several trigger events the one with the largest total is reported.
 */
export function measurePartyDebits(
  input: RuleInput,
  p: Parameters,
  debit: Transaction,
  events: readonly AccountEvent[],
): Measurement {
  const channels = p.channels === undefined ? undefined : setOf(p.channels);
  let best: { event: AccountEvent; debits: Transaction[]; total: number } | undefined;
  for (const event of events) {
    const initiator = INITIATOR_BY_EVENT[event.eventType];
    const isParty = (t: Transaction) =>
      t.direction === 'DEBIT' &&
      (!channels || channels.has(t.channel)) &&
      ((initiator !== undefined && t.initiatedBy === initiator) ||
        (event.partyId !== null && t.counterpartyId === event.partyId));
    if (!isParty(debit)) continue;
    const debits = between(input.history.transactions, event.occurredAtMs - 1, debit.occurredAtMs).filter(
      isParty,
    );
    const total = sumAmounts(debits);
    if (!best || total > best.total) best = { event, debits, total };
  }
  if (!best) return NOT_FIRED;
  const monthly = isReady(input.baseline) ? input.baseline.monthlyOutflowMedian : undefined;
  const totalLimit = limit(toMinor(p.min_amount), p.monthly_outflow_multiple, monthly);
  if (totalLimit === 'INSUFFICIENT') return INSUFFICIENT_HISTORY;
  if (best.total < totalLimit.thresholdMinor) return NOT_FIRED;
  const party = best.event.partyName ?? best.event.partyId;
  return {
    outcome: 'FIRED',
    measured: best.total,
    threshold: totalLimit.thresholdMinor,
    baseline: totalLimit.baselineMinor,
    reason:
      `Since ${EVENT_LABELS[best.event.eventType]}${party === null ? '' : ` (${party})`}, debits initiated by or paid to that party ` +
      `total ${formatMoney(best.total)} within ${windowText(p.window_hours)}, at or above the limit of ${formatMoney(totalLimit.thresholdMinor)}.`,
    transactionIds: best.debits.map((t) => t.id),
    eventIds: [best.event.id],
  };
}
