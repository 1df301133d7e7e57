import type { Transaction } from '../../activity.js';
import type { Channel } from '../../values/enums.js';
import {
  DAY_MS,
  formatMoney,
  HOUR_MS,
  isReady,
  sumAmounts,
  toMinor,
  transactionsInWindow,
} from '../history.js';
import { INSUFFICIENT_HISTORY, NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import type { VelocityParameters } from './velocity.js';

const ATM_ONLY: readonly Channel[] = ['ATM'];

/**
 * The smallest count n with P(X ≥ n) ≤ maxChance for X ~ Poisson(usual): a count this customer's own
 * habit would reach by chance less often than that. A fixed multiple of the usual count is too
 * tight for a customer who uses the machine every few days (a mean of 2 reaches 6 one time in 60).
 */
export function poissonThreshold(usual: number, maxChance: number): number {
  let term = Math.exp(-usual); // P(X = 0)
  let below = 0; // P(X < n)
  for (let n = 0; n < 1000; n++) {
    if (1 - below <= maxChance) return n;
    below += term;
    term *= usual / (n + 1);
  }
  return 1000;
}

/**
 * cash_frequency (issue 13): cash withdrawals at home in a window against how often this customer
 * usually withdraws: a count their own habit would reach by chance less than `max_chance` of the
 * time (Poisson), and at least `min_count`. A relative with the card takes 100–300 at a time, under any amount or
 * daily-limit rule, but far more often than the customer ever did. Withdrawals abroad (a trip) are
 * not counted: the count is of the customer's home machines, in countries the baseline knows.
 * Only the withdrawal that takes the count over the line fires.
 */
export function measureCashFrequency(
  input: RuleInput,
  debit: Transaction,
  p: VelocityParameters,
): Measurement {
  const channels = new Set(p.channels ?? ATM_ONLY);
  if (!channels.has(debit.channel)) return NOT_FIRED;
  if (!isReady(input.baseline)) return INSUFFICIENT_HISTORY;
  const baseline = input.baseline;
  const atHome = (t: Transaction) => t.country === null || baseline.countries[t.country] !== undefined;
  if (!atHome(debit)) return NOT_FIRED;
  const hours = p.window_hours ?? 336;
  const share = [...channels].reduce((sum, c) => sum + (baseline.channelMix[c]?.countShare ?? 0), 0);
  const usual = (share * baseline.debitCount * (hours * HOUR_MS)) / (baseline.lookbackDays * DAY_MS);
  const threshold = Math.max(p.min_count ?? 6, poissonThreshold(usual, p.max_chance ?? 0.0001));
  const withdrawals = transactionsInWindow(input, hours * HOUR_MS).filter(
    (t) => t.direction === 'DEBIT' && channels.has(t.channel) && atHome(t),
  );
  if (withdrawals.length < threshold || withdrawals.length - 1 >= threshold) return NOT_FIRED;
  const total = sumAmounts(withdrawals);
  if (total < toMinor(p.min_total ?? 1000)) return NOT_FIRED;
  const days = Math.round(hours / 24);
  return {
    outcome: 'FIRED',
    measured: withdrawals.length,
    threshold,
    baseline: Number(usual.toFixed(2)),
    reason: `${withdrawals.length} cash withdrawals totalling ${formatMoney(total)} in ${days} days, against about ${usual.toFixed(1)} in ${days} days usually for this customer.`,
    transactionIds: withdrawals.map((t) => t.id),
    eventIds: [],
  };
}
