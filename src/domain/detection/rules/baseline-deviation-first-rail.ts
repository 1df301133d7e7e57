import type { Transaction } from '../../activity.js';
import type { Channel } from '../../values/enums.js';
import { CASH_CHANNELS, DAY_MS, formatMoney, isReady, toMinor } from '../history.js';
import { INSUFFICIENT_HISTORY, NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import type { BaselineDeviationParameters } from './baseline-deviation.js';

/**
 * The rails money leaves by that a bank cannot call back once they are paid: cash over the counter
 * or from a machine (handed to a courier, fed into a bitcoin kiosk) and wires (a "lawyer", a "safe
 * account"). Grandparent and government-imposter scams and takeovers make their first big debit on
 * one of them, usually a rail the customer never used for that kind of money.
 */
export const FIRST_RAILS = ['CASH', 'WIRE'] as const;
export type FirstRail = (typeof FIRST_RAILS)[number];

const RAIL_CHANNELS: Record<FirstRail, ReadonlySet<Channel>> = {
  CASH: CASH_CHANNELS,
  WIRE: new Set<Channel>(['WIRE']),
};

function railOf(channel: Channel, rails: readonly FirstRail[]): FirstRail | undefined {
  return rails.find((rail) => RAIL_CHANNELS[rail].has(channel));
}

/** The largest debit on the rail strictly before the scored one, within the lookback. */
function largestEarlier(
  history: readonly Transaction[],
  debit: Transaction,
  rail: FirstRail,
  sinceMs: number,
): number {
  let largest = 0;
  for (const t of history) {
    if (t.occurredAtMs >= debit.occurredAtMs) break;
    if (t.occurredAtMs < sinceMs || t.direction !== 'DEBIT' || !RAIL_CHANNELS[rail].has(t.channel)) continue;
    largest = Math.max(largest, t.amountMinor);
  }
  return largest;
}

/**
 * first_rail (issue 13, "alert before the loss"): a cash withdrawal or wire far outside the baseline
 * (at least the floor, `median_multiple` times the median debit and, with `include_p99`, the p99
 * debit) by a customer with no history of such money on that rail: nothing on it in the lookback,
 * or nothing within `prior_multiple` of this amount. It needs no earlier hit, so it fires on the
 * first big debit, in the request that carries it; the next demand of the same episode is measured
 * against this one and does not fire again.
 */
export function measureFirstRail(
  input: RuleInput,
  debit: Transaction,
  p: BaselineDeviationParameters,
): Measurement {
  const rail = railOf(debit.channel, p.rails ?? FIRST_RAILS);
  if (!rail) return NOT_FIRED;
  if (!isReady(input.baseline)) return INSUFFICIENT_HISTORY;
  const median = input.baseline.debitAmount?.median ?? 0;
  const p99 = (p.include_p99 ?? true) ? (input.baseline.debitAmount?.p99 ?? 0) : 0;
  const floor = toMinor(p.min_amount ?? 2000);
  const threshold = Math.max(floor, Math.ceil((p.median_multiple ?? 10) * median), Math.ceil(p99));
  if (debit.amountMinor < threshold) return NOT_FIRED;
  const lookbackDays = p.lookback_days ?? 365;
  const earlier = largestEarlier(
    input.history.transactions,
    debit,
    rail,
    debit.occurredAtMs - lookbackDays * DAY_MS,
  );
  const priorMultiple = p.prior_multiple ?? 3;
  if (earlier > 0 && debit.amountMinor < priorMultiple * earlier) return NOT_FIRED;
  const what = rail === 'CASH' ? 'cash withdrawal' : 'wire';
  const history =
    earlier === 0
      ? `the customer made no ${what} in the last ${lookbackDays} days`
      : `the customer's largest ${what} in the last ${lookbackDays} days was ${formatMoney(earlier)}`;
  return {
    outcome: 'FIRED',
    measured: debit.amountMinor,
    threshold: Math.max(threshold, priorMultiple * earlier),
    baseline: median,
    reason: `A ${debit.channel} ${what} of ${formatMoney(debit.amountMinor)} is ${median > 0 ? `${(debit.amountMinor / median).toFixed(1)} times the median debit of ${formatMoney(median)}` : 'above the floor'}, and ${history}.`,
    transactionIds: [debit.id],
    eventIds: [],
  };
}
