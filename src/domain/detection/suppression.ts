import type { SignalCategory } from '../values/enums.js';

const DAY_MS = 86_400_000;

/** Review reasons that say the pattern is the customer's own business (issue 10 suppressions). */
export const SUPPRESSING_REASONS = ['KNOWN_COUNTERPARTY', 'LEGITIMATE_ACTIVITY'] as const;
export const MAX_SUPPRESSION_DAYS = 365;

/**
 * "Do not alert on this again for a while": made by dismissing a signal as KNOWN_COUNTERPARTY or
 * LEGITIMATE_ACTIVITY. It covers the rules that fired on that signal, for one profile, and, when a
 * counterparty is named, only activity with that counterparty.
 */
export interface Suppression {
  id: string;
  profileId: string;
  counterpartyId: string | null;
  /** The rules of the dismissed signal; empty means every rule. */
  ruleIds: string[];
  signalId: string;
  category: SignalCategory;
  reason: string;
  createdAtMs: number;
  expiresAtMs: number;
}

/** What detection asks about one finding: this rule, on this profile's item with this counterparty. */
export interface SuppressibleItem {
  profileId: string;
  counterpartyId: string | null;
  /** The rule that fired; omitted to ask about the item whatever the rule. */
  ruleId?: string;
}

/** Whether an unexpired suppression of the item's profile covers it at nowMs (epoch ms). */
export function isSuppressed(
  suppressions: readonly Suppression[],
  item: SuppressibleItem,
  nowMs: number,
): boolean {
  return suppressions.some(
    (s) =>
      s.profileId === item.profileId &&
      s.expiresAtMs > nowMs &&
      (s.counterpartyId === null || s.counterpartyId === item.counterpartyId) &&
      (item.ruleId === undefined || s.ruleIds.length === 0 || s.ruleIds.includes(item.ruleId)),
  );
}

export type SuppressionDecision =
  | { ok: true; expiresAtMs: number }
  | { ok: false; reason: 'NOT_A_BENIGN_DISMISSAL' }
  | { ok: false; reason: 'COUNTERPARTY_NOT_IN_SIGNAL' };

/** Whether a review may carry a suppression: only a dismissal as KNOWN_COUNTERPARTY or LEGITIMATE_ACTIVITY. */
export function isBenignDismissal(review: { status: string; reason: string | null }): boolean {
  return (
    review.status === 'DISMISSED' &&
    (SUPPRESSING_REASONS as readonly (string | null)[]).includes(review.reason)
  );
}

/**
 * The suppression a review asks for: refused unless the review is a benign dismissal, and a named
 * counterparty must be one the signal's transactions paid (an analyst silences what they saw).
 */
export function decideSuppression(
  review: { status: string; reason: string | null },
  request: { counterpartyId: string | null; days: number },
  signalCounterparties: ReadonlySet<string>,
  nowMs: number,
): SuppressionDecision {
  if (!isBenignDismissal(review)) return { ok: false, reason: 'NOT_A_BENIGN_DISMISSAL' };
  if (request.counterpartyId !== null && !signalCounterparties.has(request.counterpartyId))
    return { ok: false, reason: 'COUNTERPARTY_NOT_IN_SIGNAL' };
  return { ok: true, expiresAtMs: nowMs + request.days * DAY_MS };
}
