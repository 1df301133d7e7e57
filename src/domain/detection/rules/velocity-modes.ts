import { compareTimeThenId, counterpartyKey, type Transaction } from '../../activity.js';
import type { Channel } from '../../values/enums.js';
import {
  between,
  CASH_CHANNELS,
  DAY_MS,
  endAt,
  formatMoney,
  HOUR_MS,
  isReady,
  sumAmounts,
  toMinor,
  transactionsInWindow,
  setOf,
} from '../history.js';
import { INSUFFICIENT_HISTORY, NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import type { VelocityParameters } from './velocity.js';

type Parameters = VelocityParameters;

const ATM_ONLY: ReadonlySet<Channel> = new Set(['ATM']);

const channelSet = (channels: readonly Channel[] | undefined) =>
  channels === undefined ? undefined : setOf(channels);

// A count reaches k × p95 when it reaches its ceiling; the epsilon keeps 3 × 1.6666… from rounding up to 6.
const ceilCount = (value: number) => Math.ceil(value - 1e-9);

function windowText(hours: number): string {
  return hours >= 48 && hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

/** Debits in the window against the baseline's daily debit count p95 (purely baseline-relative). */
export function measureDebitBurst(input: RuleInput, debit: Transaction, p: Parameters): Measurement {
  const channels = channelSet(p.channels);
  if (channels && !channels.has(debit.channel)) return NOT_FIRED;
  if (!isReady(input.baseline)) return INSUFFICIENT_HISTORY;
  const hours = p.window_hours ?? 24;
  const multiple = p.p95_multiple ?? 3;
  const debits = transactionsInWindow(input, hours * HOUR_MS).filter(
    (t) => t.direction === 'DEBIT' && (!channels || channels.has(t.channel)),
  );
  const p95 = input.baseline.dailyDebitCountP95;
  const threshold = Math.max(p.min_count ?? 5, ceilCount(multiple * p95));
  if (debits.length < threshold) return NOT_FIRED;
  return {
    outcome: 'FIRED',
    measured: debits.length,
    threshold,
    baseline: p95,
    reason: `${debits.length} debits within ${windowText(hours)} reach ${threshold}, ${multiple} times the customer's busy-day count of ${Number(p95.toFixed(1))}.`,
    transactionIds: debits.map((t) => t.id),
    eventIds: [],
  };
}

/** Round-amount cash withdrawals in the window; the scored debit must be one of them. */
export function measureRoundCash(input: RuleInput, debit: Transaction, p: Parameters): Measurement {
  const channels = channelSet(p.channels) ?? CASH_CHANNELS;
  const minAmount = toMinor(p.min_amount ?? 500);
  const unit = toMinor(p.round_multiple ?? 100);
  const isRoundCash = (t: Transaction) =>
    t.direction === 'DEBIT' &&
    channels.has(t.channel) &&
    t.amountMinor >= minAmount &&
    t.amountMinor % unit === 0;
  if (!isRoundCash(debit)) return NOT_FIRED;
  const hours = p.window_hours ?? 168;
  const minCount = p.min_count ?? 3;
  const withdrawals = transactionsInWindow(input, hours * HOUR_MS).filter(isRoundCash);
  if (withdrawals.length < minCount) return NOT_FIRED;
  return {
    outcome: 'FIRED',
    measured: withdrawals.length,
    threshold: minCount,
    baseline: null,
    reason: `${withdrawals.length} round cash withdrawals of ${formatMoney(minAmount)} or more within ${windowText(hours)} total ${formatMoney(sumAmounts(withdrawals))}.`,
    transactionIds: withdrawals.map((t) => t.id),
    eventIds: [],
  };
}

/**
 * UTC days, counted back from the debit's day, whose withdrawals nearly reach the daily limit; the
 * scored withdrawal's own day must be one of them, so a run fires when it completes, not after.
 */
export function measureAtmDailyLimit(input: RuleInput, debit: Transaction, p: Parameters): Measurement {
  const channels = channelSet(p.channels) ?? ATM_ONLY;
  if (!channels.has(debit.channel)) return NOT_FIRED;
  const lookbackDays = p.lookback_days ?? 10;
  const share = p.min_limit_share ?? 0.9;
  const limit = toMinor(p.daily_limit ?? 500);
  const dayTarget = Math.round(share * limit);
  const itemDay = Math.floor(debit.occurredAtMs / DAY_MS);
  const firstDayStartMs = (itemDay - lookbackDays + 1) * DAY_MS;
  const byDay = new Map<number, Transaction[]>();
  for (const t of between(input.history.transactions, firstDayStartMs - 1, debit.occurredAtMs)) {
    if (t.direction !== 'DEBIT' || !channels.has(t.channel)) continue;
    const day = Math.floor(t.occurredAtMs / DAY_MS);
    const list = byDay.get(day);
    if (list) list.push(t);
    else byDay.set(day, [t]);
  }
  const fullDays = [...byDay.entries()].filter(([, list]) => sumAmounts(list) >= dayTarget);
  const minDays = p.min_days ?? 3;
  if (!fullDays.some(([day]) => day === itemDay) || fullDays.length < minDays) return NOT_FIRED;
  const evidence = fullDays.flatMap(([, list]) => list);
  return {
    outcome: 'FIRED',
    measured: fullDays.length,
    threshold: minDays,
    baseline: null,
    reason: `ATM withdrawals reached ${Math.round(share * 100)}% of the ${formatMoney(limit)} daily limit on ${fullDays.length} of the last ${lookbackDays} days, ${formatMoney(sumAmounts(evidence))} in all.`,
    transactionIds: evidence.map((t) => t.id),
    eventIds: [],
  };
}

/** Consecutive growing payments to one payee first paid within new_payee_days, ending with the scored debit. */
export function measureEscalatingPayee(input: RuleInput, debit: Transaction, p: Parameters): Measurement {
  const channels = channelSet(p.channels);
  const key = counterpartyKey(debit);
  if (key === undefined || (channels && !channels.has(debit.channel))) return NOT_FIRED;
  const newPayeeDays = p.new_payee_days ?? 60;
  const sinceMs = debit.occurredAtMs - newPayeeDays * DAY_MS;
  const known = input.baseline?.counterparties[key];
  if (known && known.firstSeenMs <= sinceMs) return NOT_FIRED;
  const list = input.history.transactions;
  const isToPayee = (t: Transaction) => t.direction === 'DEBIT' && counterpartyKey(t) === key;
  const start = endAt(list, sinceMs);
  // Paid on any channel before the window: not a new payee. Scanning back stops at the first such payment.
  for (let i = start - 1; i >= 0; i--) {
    const t = list[i];
    if (t && isToPayee(t)) return NOT_FIRED;
  }
  const payments: Transaction[] = [];
  for (let i = start; i < endAt(list, debit.occurredAtMs); i++) {
    const t = list[i];
    if (!t || t.id === debit.id) continue;
    // Same-millisecond payments after the scored one in the history's (time, id) order come later.
    if (compareTimeThenId(t.occurredAtMs, t.id, debit.occurredAtMs, debit.id) > 0) continue;
    if (isToPayee(t) && (!channels || channels.has(t.channel))) payments.push(t);
  }
  payments.push(debit);
  let runStart = payments.length - 1;
  while (
    runStart > 0 &&
    (payments[runStart - 1]?.amountMinor ?? 0) < (payments[runStart]?.amountMinor ?? 0)
  ) {
    runStart -= 1;
  }
  const run = payments.slice(runStart);
  const minCount = p.min_count ?? 4;
  if (run.length < minCount) return NOT_FIRED;
  const payee = debit.counterpartyName ?? debit.counterpartyId ?? 'one payee';
  return {
    outcome: 'FIRED',
    measured: run.length,
    threshold: minCount,
    baseline: null,
    reason: `${run.length} payments in a row to ${payee}, first paid within the last ${newPayeeDays} days, grew each time from ${formatMoney(run[0]?.amountMinor ?? 0)} to ${formatMoney(debit.amountMinor)}.`,
    transactionIds: run.map((t) => t.id),
    eventIds: [],
  };
}
