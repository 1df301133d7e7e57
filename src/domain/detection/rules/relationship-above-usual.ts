import type { Transaction } from '../../activity.js';
import { between, DAY_MS, formatMoney, sumAmounts, toMinor } from '../history.js';
import { NOT_FIRED, type Measurement, type RuleInput } from '../types.js';
import type { RelationshipParameters } from './relationship.js';

/**
 * payee_above_usual (issue 13): the last `window_days` of payments to one payee against the largest
 * of the `reference_windows` windows just before, a payee paid in all but one of them (an
 * established caregiver, never one hired last month). A caregiver who starts taking more (higher
 * hours, "advances", "loans") goes past their own busiest month within weeks, while the doubling of
 * a 90-day total waits months. The largest window, not the median, is the yardstick: a month with
 * five weekly or three fortnightly pay days is already in it.
 */
export function measurePayeeAboveUsual(
  input: RuleInput,
  debit: Transaction,
  isCounted: (t: Transaction) => boolean,
  p: RelationshipParameters,
): Measurement {
  const atMs = debit.occurredAtMs;
  const windowMs = p.window_days * DAY_MS;
  const current = between(input.history.transactions, atMs - windowMs, atMs).filter(isCounted);
  const references = p.reference_windows ?? 5;
  const totals: number[] = [];
  for (let i = 1; i <= references; i++) {
    const list = between(input.history.transactions, atMs - (i + 1) * windowMs, atMs - i * windowMs);
    totals.push(sumAmounts(list.filter(isCounted)));
  }
  if (totals.filter((total) => total > 0).length < references - 1) return NOT_FIRED;
  const largest = Math.max(...totals);
  const total = sumAmounts(current);
  const threshold = Math.max(toMinor(p.min_amount), Math.ceil(p.growth_multiple * largest));
  if (total < threshold || total - debit.amountMinor >= threshold) return NOT_FIRED;
  if (p.max_single_share < 1 && current.some((t) => t.amountMinor >= p.max_single_share * total))
    return NOT_FIRED;
  const payee = debit.counterpartyName ?? 'one payee';
  return {
    outcome: 'FIRED',
    measured: total,
    threshold,
    baseline: largest,
    reason: `Payments to ${payee} reached ${formatMoney(total)} in the last ${p.window_days} days; their largest ${p.window_days} days of the ${references} before was ${formatMoney(largest)}.`,
    transactionIds: current.map((t) => t.id),
    eventIds: [],
  };
}
