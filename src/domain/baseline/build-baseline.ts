import { byTimeThenId, counterpartyKey, isCustomerInitiated, type Transaction } from '../activity.js';
import type { Channel } from '../values/enums.js';
import {
  DAY_MS,
  HOUR_MS,
  READY_MIN_DEBITS,
  READY_MIN_SPAN_DAYS,
  type Baseline,
  type ChannelShare,
  type CounterpartyStats,
  type SeenStats,
} from './baseline.js';
import { periodSums } from './buckets.js';
import { findRecurringCredits } from './recurring-credits.js';
import { madOfSorted, median, percentile, percentileOfSorted, sortedCopy, sum } from './statistics.js';

export interface BaselineInput {
  /** The profile's transactions, in any order; those outside the window are ignored. */
  transactions: readonly Transaction[];
  asOfMs: number;
  lookbackDays: number;
  /** Evidence of CONFIRMED signals: exploitation is not normal behaviour (detection.md §2). */
  excludedTransactionIds?: ReadonlySet<string>;
}

const CASH_CHANNELS: ReadonlySet<Channel> = new Set(['ATM', 'TELLER']);

function seen(map: Record<string, SeenStats>, key: string | null, atMs: number): void {
  if (key === null) return;
  const entry = map[key];
  if (!entry) map[key] = { firstSeenMs: atMs, lastSeenMs: atMs, count: 1 };
  else {
    entry.lastSeenMs = atMs;
    entry.count += 1;
  }
}

const orZero = (value: number | null) => value ?? 0;

/** The spread of one series: sorted once for all of its statistics. */
function spread(values: readonly number[]) {
  const sorted = sortedCopy(values);
  return {
    median: orZero(percentileOfSorted(sorted, 50)),
    mad: orZero(madOfSorted(sorted)),
    p95: orZero(percentileOfSorted(sorted, 95)),
    p99: orZero(percentileOfSorted(sorted, 99)),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

function channelMix(
  debits: readonly Transaction[],
  totalValue: number,
): Partial<Record<Channel, ChannelShare>> {
  const mix: Partial<Record<Channel, ChannelShare>> = {};
  for (const t of debits) {
    const share = mix[t.channel] ?? { countShare: 0, valueShare: 0 };
    share.countShare += 1 / debits.length;
    share.valueShare += totalValue === 0 ? 0 : t.amountMinor / totalValue;
    mix[t.channel] = share;
  }
  return mix;
}

function counterparties(debits: readonly Transaction[]): Record<string, CounterpartyStats> {
  // One map entry per payee holds its stats and its amounts; the record is filled in first-seen order.
  const byKey = new Map<string, { stats: CounterpartyStats; amounts: number[] }>();
  for (const t of debits) {
    const key = counterpartyKey(t);
    if (key === undefined) continue;
    const payee = byKey.get(key);
    if (!payee) {
      const stats = {
        firstSeenMs: t.occurredAtMs,
        lastSeenMs: t.occurredAtMs,
        count: 1,
        totalMinor: t.amountMinor,
        typicalMinor: 0,
      };
      byKey.set(key, { stats, amounts: [t.amountMinor] });
    } else {
      payee.stats.lastSeenMs = t.occurredAtMs;
      payee.stats.count += 1;
      payee.stats.totalMinor += t.amountMinor;
      payee.amounts.push(t.amountMinor);
    }
  }
  const out: Record<string, CounterpartyStats> = {};
  for (const [key, { stats, amounts }] of byKey) {
    stats.typicalMinor = Math.round(orZero(median(amounts)));
    out[key] = stats;
  }
  return out;
}

/** The window's transactions in time order: those in [windowStart, asOf), not excluded. */
function windowOf(input: BaselineInput, windowStartMs: number): Transaction[] {
  const { asOfMs } = input;
  const excluded = input.excludedTransactionIds;
  const window: Transaction[] = [];
  let sorted = true;
  for (const t of input.transactions) {
    if (t.occurredAtMs < windowStartMs || t.occurredAtMs >= asOfMs || excluded?.has(t.id) === true) continue;
    const previous = window[window.length - 1];
    if (sorted && previous !== undefined && byTimeThenId(previous, t) > 0) sorted = false;
    window.push(t);
  }
  // Callers usually pass history in time order already; sorting is then skipped.
  if (!sorted) window.sort(byTimeThenId);
  return window;
}

/**
 * Builds a profile's behavioural baseline from its transactions in [asOf − lookback, asOf)
 * (detection.md §3). READY needs 90 days between first and last transaction and 20 debits.
 */
export function buildBaseline(input: BaselineInput): Baseline {
  const { asOfMs, lookbackDays } = input;
  const windowStartMs = asOfMs - lookbackDays * DAY_MS;
  const window = windowOf(input, windowStartMs);
  const first = window[0];
  const last = window[window.length - 1];
  const spanDays = first && last ? (last.occurredAtMs - first.occurredAtMs) / DAY_MS : 0;

  // One pass over the window for every series the statistics below read.
  const debits: Transaction[] = [];
  const debitTimes: number[] = [];
  const debitAmounts: number[] = [];
  const creditTimes: number[] = [];
  const creditAmounts: number[] = [];
  const credits: Transaction[] = [];
  const cash: number[] = [];
  const balances: number[] = [];
  let lastCustomerDebitMs: number | null = null;
  const countries: Record<string, SeenStats> = {};
  const devices: Record<string, SeenStats> = {};
  const hourHistogram = new Array<number>(24).fill(0);
  // The window is in time order, so its distinct days are counted where the day changes.
  let activeDays = 0;
  let previousDay = Number.NaN;
  for (const t of window) {
    const at = t.occurredAtMs;
    if (t.direction === 'DEBIT') {
      debits.push(t);
      debitTimes.push(at);
      debitAmounts.push(t.amountMinor);
      if (CASH_CHANNELS.has(t.channel)) cash.push(t.amountMinor);
      if (isCustomerInitiated(t)) lastCustomerDebitMs = at;
    } else {
      credits.push(t);
      creditTimes.push(at);
      creditAmounts.push(t.amountMinor);
    }
    if (t.balanceAfterMinor !== null) balances.push(t.balanceAfterMinor);
    seen(countries, t.counterpartyCountry, at);
    if (t.country !== t.counterpartyCountry) seen(countries, t.country, at);
    seen(devices, t.deviceId, at);
    // The UTC hour and day of an instant, as Date's getUTCHours() and day number give them.
    const day = Math.floor(at / DAY_MS);
    const hour = Math.floor((at - day * DAY_MS) / HOUR_MS);
    hourHistogram[hour] = (hourHistogram[hour] ?? 0) + 1;
    if (day !== previousDay) activeDays++;
    previousDay = day;
  }

  const weeklyOutflow = spread(periodSums(debitTimes, debitAmounts, asOfMs, 7));
  const cashSpread = spread(cash);

  return {
    asOfMs,
    windowStartMs,
    lookbackDays,
    status:
      spanDays >= READY_MIN_SPAN_DAYS && debits.length >= READY_MIN_DEBITS ? 'READY' : 'INSUFFICIENT_HISTORY',
    transactionCount: window.length,
    debitCount: debits.length,
    creditCount: credits.length,
    activeDays,
    debitAmount: debitAmounts.length === 0 ? null : spread(debitAmounts),
    dailyDebitCountP95: orZero(percentile(periodSums(debitTimes, null, asOfMs, 1), 95)),
    weeklyDebitCountP95: orZero(percentile(periodSums(debitTimes, null, asOfMs, 7), 95)),
    weeklyOutflow: {
      median: weeklyOutflow.median,
      mad: weeklyOutflow.mad,
      p95: weeklyOutflow.p95,
      max: weeklyOutflow.max,
    },
    monthlyOutflowMedian: orZero(median(periodSums(debitTimes, debitAmounts, asOfMs, 30))),
    monthlyIncomeMedian: orZero(median(periodSums(creditTimes, creditAmounts, asOfMs, 30))),
    cashWithdrawal:
      cash.length === 0
        ? null
        : {
            median: cashSpread.median,
            p95: cashSpread.p95,
            roundShare: cash.filter((amount) => amount % 10_000 === 0).length / cash.length,
          },
    channelMix: channelMix(debits, sum(debitAmounts)),
    counterparties: counterparties(debits),
    countries,
    devices,
    hourHistogram,
    recurringCredits: findRecurringCredits(credits),
    medianBalanceMinor: median(balances),
    lastCustomerDebitMs,
  };
}
