import type { Profile } from '../api/types';

// detection.md: a baseline is READY with at least 20 debits spanning at least 90 days (domain/baseline).
export const READY_MIN_DEBITS = 20;
export const READY_MIN_SPAN_DAYS = 90;

export interface BaselineFacts {
  status: 'READY' | 'INSUFFICIENT_HISTORY';
  debit_count: number;
  as_of: string;
  lookback_days: number;
}

/** Whether rules can compare against this customer's normal, and if not, why not, in words. */
export function baselineExplanation(
  status: Profile['baseline_status'],
  baseline: BaselineFacts | null,
): string {
  if (status === 'NONE' || baseline === null)
    return 'No baseline yet: it is computed when the first transaction is scored or by a batch run. Rules that compare with the usual amounts do not fire until then.';
  if (baseline.status === 'READY')
    return `READY: learned from ${baseline.debit_count} debits over the ${baseline.lookback_days} days before ${baseline.as_of.slice(0, 10)}.`;
  const missing = Math.max(READY_MIN_DEBITS - baseline.debit_count, 0);
  return (
    `Not ready (insufficient history): ${baseline.debit_count} debits in the last ${baseline.lookback_days} days` +
    (missing > 0 ? `, ${missing} short of the ${READY_MIN_DEBITS} needed` : '') +
    `; the history must also span at least ${READY_MIN_SPAN_DAYS} days. Until then, rules that compare with the usual amounts stay silent.`
  );
}
