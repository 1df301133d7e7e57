import type { Channel } from '../values/enums.js';

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** READY needs this much history (detection.md §3). */
export const READY_MIN_SPAN_DAYS = 90;
export const READY_MIN_DEBITS = 20;

export interface SeenStats {
  firstSeenMs: number;
  lastSeenMs: number;
  count: number;
}

export interface CounterpartyStats extends SeenStats {
  totalMinor: number;
  /** Median payment to this counterparty. */
  typicalMinor: number;
}

export interface RecurringCredit {
  /** Counterparty ID, or `name:<name>`, or `channel:<channel>` when the feed names no source. */
  source: string;
  cadenceDays: number;
  /** Day of month for monthly cadences, ISO weekday (1 = Monday) for weekly ones. */
  usualDay: number;
  typicalAmountMinor: number;
  count: number;
  lastSeenMs: number;
}

export interface ChannelShare {
  countShare: number;
  valueShare: number;
}

/** What normal looks like for one customer (detection.md §3); money in integer minor units. */
export interface Baseline {
  asOfMs: number;
  windowStartMs: number;
  lookbackDays: number;
  status: 'READY' | 'INSUFFICIENT_HISTORY';
  transactionCount: number;
  debitCount: number;
  creditCount: number;
  activeDays: number;
  debitAmount: { median: number; mad: number; p95: number; p99: number; max: number } | null;
  dailyDebitCountP95: number;
  weeklyDebitCountP95: number;
  /** 7-day outflow totals: median and MAD (detection.md §3), and the p95 and largest week seen. */
  weeklyOutflow: { median: number; mad: number; p95: number; max: number };
  monthlyOutflowMedian: number;
  monthlyIncomeMedian: number;
  cashWithdrawal: { median: number; p95: number; roundShare: number } | null;
  /** Debits only: each channel's share of the count and of the value. */
  channelMix: Partial<Record<Channel, ChannelShare>>;
  /** Payees of debits, keyed by counterparty ID (or `name:<name>`). */
  counterparties: Record<string, CounterpartyStats>;
  /** Countries money was paid to (counterparty_country) or spent in (country). */
  countries: Record<string, SeenStats>;
  devices: Record<string, SeenStats>;
  /** Transactions per UTC hour of day, 24 counts. */
  hourHistogram: number[];
  recurringCredits: RecurringCredit[];
  medianBalanceMinor: number | null;
  lastCustomerDebitMs: number | null;
}
