import type { Review, SignalState } from '../detection/signal.js';
import { REVIEW_REASONS, type ReviewOutcome } from '../values/enums.js';

export interface ReviewInput {
  status: ReviewOutcome;
  reason: string | null;
  notes: string | null;
}

export type ReviewDecision =
  | { ok: true; signal: SignalState }
  | { ok: false; reason: 'NOT_ACTIVE' }
  | { ok: false; reason: 'REASON_NOT_ALLOWED'; allowed: readonly string[] };

/** An analyst's verdict on an ACTIVE signal (api.md §5.6): CONFIRMED or DISMISSED, with a reason of that outcome. */
export function reviewSignal(
  signal: SignalState,
  input: ReviewInput,
  reviewedBy: string,
  nowMs: number,
): ReviewDecision {
  if (signal.status !== 'ACTIVE') return { ok: false, reason: 'NOT_ACTIVE' };
  const allowed: readonly string[] = REVIEW_REASONS[input.status];
  if (input.reason !== null && !allowed.includes(input.reason))
    return { ok: false, reason: 'REASON_NOT_ALLOWED', allowed };
  const review: Review = {
    status: input.status,
    reason: input.reason,
    notes: input.notes,
    reviewedAtMs: nowMs,
    reviewedBy,
  };
  return { ok: true, signal: { ...signal, status: input.status, review } };
}

export type ReopenDecision = { ok: true; signal: SignalState } | { ok: false; reason: 'NOT_REVIEWED' };

/** Puts a reviewed signal back in the queue; the earlier verdict stays in the audit trail. */
export function reopenSignal(signal: SignalState): ReopenDecision {
  if (signal.status === 'ACTIVE') return { ok: false, reason: 'NOT_REVIEWED' };
  return { ok: true, signal: { ...signal, status: 'ACTIVE', review: null } };
}
