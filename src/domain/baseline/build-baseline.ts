import { byTimeThenId, counterpartyKey, isCustomerInitiated, type Transaction } from '../activity.js';
import type { Channel } from '../values/enums.js';
import {
  DAY_MS,
  READY_MIN_DEBITS,
  READY_MIN_SPAN_DAYS,
  type Baseline,
  type ChannelShare,
  type CounterpartyStats,
  type SeenStats,
} from './baseline.js';
import { periodTotals } from './buckets.js';
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

function channelMix(debits: readonly Transaction[]): Partial<Record<Channel, ChannelShare>> {
  const totalValue = sum(debits.map((t) => t.amountMinor));
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
  const amounts = new Map<string, number[]>();
  const stats: Record<string, CounterpartyStats> = {};
  for (const t of debits) {
    const key = counterpartyKey(t);
    if (key === undefined) continue;
    const entry = stats[key];
    if (!entry)
      stats[key] = {
        firstSeenMs: t.occurredAtMs,
        lastSeenMs: t.occurredAtMs,
        count: 1,
        totalMinor: t.amountMinor,
        typicalMinor: 0,
      };
    else {
      entry.lastSeenMs = t.occurredAtMs;
      entry.count += 1;
      entry.totalMinor += t.amountMinor;
    }
    const list = amounts.get(key);
    if (list) list.push(t.amountMinor);
    else amounts.set(key, [t.amountMinor]);
  }
  for (const [key, list] of amounts) {
    const entry = stats[key];
    if (entry) entry.typicalMinor = Math.round(orZero(median(list)));
  }
  return stats;
}

/**
 * Builds a profile's behavioural baseline from its transactions in [asOf − lookback, asOf)
 * (detection.md §3). READY needs 90 days between first and last transaction and 20 debits.
 */
export function buildBaseline(input: BaselineInput): Baseline {
  const { asOfMs, lookbackDays } = input;
  const windowStartMs = asOfMs - lookbackDays * DAY_MS;
  const excluded = input.excludedTransactionIds;
  const window = input.transactions.filter(
    (t) => t.occurredAtMs >= windowStartMs && t.occurredAtMs < asOfMs && !excluded?.has(t.id),
  );
  // Callers usually pass history in time order already; sorting is then skipped.
  if (window.some((t, i) => i > 0 && byTimeThenId(window[i - 1] as Transaction, t) > 0))
    window.sort(byTimeThenId);
  const debits = window.filter((t) => t.direction === 'DEBIT');
  const credits = window.filter((t) => t.direction === 'CREDIT');
  const debitAmounts = debits.map((t) => t.amountMinor);
  const cash = debits.filter((t) => CASH_CHANNELS.has(t.channel)).map((t) => t.amountMinor);
  const first = window[0];
  const last = window[window.length - 1];
  const spanDays = first && last ? (last.occurredAtMs - first.occurredAtMs) / DAY_MS : 0;

  const countries: Record<string, SeenStats> = {};
  const devices: Record<string, SeenStats> = {};
  const hourHistogram = new Array<number>(24).fill(0);
  const activeDays = new Set<number>();
  for (const t of window) {
    seen(countries, t.counterpartyCountry, t.occurredAtMs);
    if (t.country !== t.counterpartyCountry) seen(countries, t.country, t.occurredAtMs);
    seen(devices, t.deviceId, t.occurredAtMs);
    const hour = new Date(t.occurredAtMs).getUTCHours();
    hourHistogram[hour] = (hourHistogram[hour] ?? 0) + 1;
    activeDays.add(Math.floor(t.occurredAtMs / DAY_MS));
  }

  const debitPoints = debits.map((t) => ({ atMs: t.occurredAtMs, value: t.amountMinor }));
  const debitCounts = debits.map((t) => ({ atMs: t.occurredAtMs, value: 1 }));
  const weeklyOutflow = spread(periodTotals(debitPoints, asOfMs, 7));
  const cashSpread = spread(cash);
  const customerDebits = debits.filter(isCustomerInitiated);
  const balances = window.flatMap((t) => (t.balanceAfterMinor === null ? [] : [t.balanceAfterMinor]));

  return {
    asOfMs,
    windowStartMs,
    lookbackDays,
    status:
      spanDays >= READY_MIN_SPAN_DAYS && debits.length >= READY_MIN_DEBITS ? 'READY' : 'INSUFFICIENT_HISTORY',
    transactionCount: window.length,
    debitCount: debits.length,
    creditCount: credits.length,
    activeDays: activeDays.size,
    debitAmount: debitAmounts.length === 0 ? null : spread(debitAmounts),
    dailyDebitCountP95: orZero(percentile(periodTotals(debitCounts, asOfMs, 1), 95)),
    weeklyDebitCountP95: orZero(percentile(periodTotals(debitCounts, asOfMs, 7), 95)),
    weeklyOutflow: {
      median: weeklyOutflow.median,
      mad: weeklyOutflow.mad,
      p95: weeklyOutflow.p95,
      max: weeklyOutflow.max,
    },
    monthlyOutflowMedian: orZero(median(periodTotals(debitPoints, asOfMs, 30))),
    monthlyIncomeMedian: orZero(
      median(
        periodTotals(
          credits.map((t) => ({ atMs: t.occurredAtMs, value: t.amountMinor })),
          asOfMs,
          30,
        ),
      ),
    ),
    cashWithdrawal:
      cash.length === 0
        ? null
        : {
            median: cashSpread.median,
            p95: cashSpread.p95,
            roundShare: cash.filter((amount) => amount % 10_000 === 0).length / cash.length,
          },
    channelMix: channelMix(debits),
    counterparties: counterparties(debits),
    countries,
    devices,
    hourHistogram,
    recurringCredits: findRecurringCredits(credits),
    medianBalanceMinor: median(balances),
    lastCustomerDebitMs: customerDebits[customerDebits.length - 1]?.occurredAtMs ?? null,
  };
}
