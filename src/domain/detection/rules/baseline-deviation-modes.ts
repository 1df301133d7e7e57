import type { Transaction } from '../../activity.js';
import { robustZ } from '../../baseline/statistics.js';
import {
  DAY_MS,
  formatMoney,
  isReady,
  itemId,
  medianDebitOrZero,
  sumAmounts,
  toMinor,
  transactionsInWindow,
} from '../history.js';
import { isEstablishedPayee, isMerchantPayment } from '../payee-kind.js';
import { INSUFFICIENT_HISTORY, NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import type { BaselineDeviationParameters } from './baseline-deviation.js';

type Parameters = BaselineDeviationParameters;

/** The factor robustZ scales the MAD by, to state the z threshold as an amount. */
const MAD_SCALE = 1.4826;
/** The baseline's weekly outflow is counted in 7-day periods, so the window must match. */
const WEEK_DAYS = 7;

const isDebit = (t: Transaction) => t.direction === 'DEBIT';

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}

/** One debit ≥ max(floor, k × median debit, p99 debit); the floor alone when the baseline is not READY. */
export function measureSingleDebit(input: RuleInput, debit: Transaction, p: Parameters): Measurement {
  const floor = toMinor(p.min_amount ?? 2500);
  const median = medianDebitOrZero(input.baseline);
  const p99 = (p.include_p99 ?? true) && isReady(input.baseline) ? (input.baseline.debitAmount?.p99 ?? 0) : 0;
  const threshold = Math.max(floor, Math.ceil((p.median_multiple ?? 5) * median), Math.ceil(p99));
  if (debit.amountMinor < threshold) return NOT_FIRED;
  if (
    p.skip_established_payees === true &&
    debit.counterpartyType === 'BUSINESS' &&
    isEstablishedPayee(input.history.transactions, debit, debit.occurredAtMs - 365 * DAY_MS)
  )
    return NOT_FIRED;
  const amount = `A ${debit.channel} debit of ${formatMoney(debit.amountMinor)}`;
  const reason =
    median > 0
      ? `${amount} is ${(debit.amountMinor / median).toFixed(1)} times the customer's median debit of ${formatMoney(median)}, at or above the threshold of ${formatMoney(threshold)}.`
      : `${amount} is at or above the floor of ${formatMoney(threshold)}, with no ready baseline to compare against.`;
  return {
    outcome: 'FIRED',
    measured: debit.amountMinor,
    threshold,
    baseline: isReady(input.baseline) ? median : null,
    reason,
    transactionIds: [debit.id],
    eventIds: [],
  };
}

/** The 7-day outflow ending at the debit, as a robust z-score against the baseline's weekly outflow. */
export function measureWindowOutflow(input: RuleInput, p: Parameters): Measurement {
  if (!isReady(input.baseline)) return INSUFFICIENT_HISTORY;
  const { median, mad } = input.baseline.weeklyOutflow;
  const debits = transactionsInWindow(input, WEEK_DAYS * DAY_MS).filter(isDebit);
  const outflow = sumAmounts(debits);
  const minZ = p.min_robust_z ?? 4;
  const floor = toMinor(p.min_amount ?? 1000);
  const z = robustZ(outflow, median, mad);
  if (z < minZ || outflow < floor) return NOT_FIRED;
  // Many debits make a spike; one large one is what the single-debit mode measures.
  const largest = debits.reduce((m, t) => Math.max(m, t.amountMinor), 0);
  if (largest >= (p.max_single_share ?? 0.5) * outflow) return NOT_FIRED;
  // A week like the largest the baseline already holds (a quarterly bill, a yearly premium) is normal.
  if ((p.above_baseline_max ?? true) && outflow <= input.baseline.weeklyOutflow.max) return NOT_FIRED;
  // Only the debit that takes the week over the line fires; later debits of the same week add nothing.
  const scored = debits.find((t) => t.id === itemId(input.item));
  if (
    scored &&
    robustZ(outflow - scored.amountMinor, median, mad) >= minZ &&
    outflow - scored.amountMinor >= floor
  )
    return NOT_FIRED;
  const zThreshold = mad === 0 ? median + 1 : Math.ceil(median + minZ * MAD_SCALE * mad);
  const spread = Number.isFinite(z)
    ? `${z.toFixed(1)} robust deviations above the customer's weekly median of ${formatMoney(median)}`
    : `above the customer's weekly outflow, which never moved from ${formatMoney(median)}`;
  return {
    outcome: 'FIRED',
    measured: outflow,
    threshold: Math.max(floor, zThreshold),
    baseline: median,
    reason: `Debits of ${formatMoney(outflow)} in the ${WEEK_DAYS} days to this one are ${spread}.`,
    transactionIds: debits.map((t) => t.id),
    eventIds: [],
  };
}

/** A channel rare in the baseline (by value) carrying most of the window's outflow, the scored debit among it. */
export function measureChannelShift(input: RuleInput, debit: Transaction, p: Parameters): Measurement {
  if (!isReady(input.baseline)) return INSUFFICIENT_HISTORY;
  // A check or transfer to a business (a dealer, a hospital, a tax office) is the customer settling an
  // invoice, not a takeover moving money out: such payments are neither the shift nor part of it.
  if (isMerchantPayment(debit)) return NOT_FIRED;
  const baselineShare = input.baseline.channelMix[debit.channel]?.valueShare ?? 0;
  if (baselineShare >= (p.max_baseline_share ?? 0.05)) return NOT_FIRED;
  const windowDays = p.window_days ?? 30;
  const debits = transactionsInWindow(input, windowDays * DAY_MS).filter(isDebit);
  const onChannel = debits.filter((t) => t.channel === debit.channel && !isMerchantPayment(t));
  const total = sumAmounts(debits);
  const channelOutflow = sumAmounts(onChannel);
  const share = total === 0 ? 0 : channelOutflow / total;
  const minShare = p.min_window_share ?? 0.5;
  const floor = toMinor(p.min_amount ?? 2000);
  if (share < minShare || channelOutflow < floor) return NOT_FIRED;
  return {
    outcome: 'FIRED',
    measured: share,
    threshold: minShare,
    baseline: baselineShare,
    reason: `${debit.channel} debits of ${formatMoney(channelOutflow)} are ${percent(share)} of the last ${windowDays} days' outflow of ${formatMoney(total)}, on a channel that carried ${percent(baselineShare)} of the customer's usual debit value.`,
    transactionIds: onChannel.map((t) => t.id),
    eventIds: [],
  };
}
