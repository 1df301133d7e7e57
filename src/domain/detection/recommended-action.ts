import type { Severity, SignalCategory, SignalStatus } from '../values/enums.js';

/** What the bank should do next about a signal (issue 13); shown on every signal and ingest result. */
export const RECOMMENDED_ACTIONS = [
  'REVIEW',
  'CONTACT_CUSTOMER',
  'HOLD_PAYMENT',
  'CONTACT_TRUSTED_CONTACT',
] as const;
export type RecommendedAction = (typeof RECOMMENDED_ACTIONS)[number];

const STRANGER: ReadonlySet<SignalCategory> = new Set([
  'SCAM_GOVERNMENT_IMPOSTER',
  'SCAM_ROMANCE',
  'SCAM_TECH_SUPPORT',
  'SCAM_PERSON_IN_NEED',
  'SCAM_LOTTERY_SWEEPSTAKES',
  'SCAM_INVESTMENT',
  'SCAM_OTHER',
  'MONEY_MULE_VICTIM',
  'ACCOUNT_TAKEOVER',
]);
const KNOWN_PERSON: ReadonlySet<SignalCategory> = new Set([
  'THEFT_FAMILY',
  'THEFT_CAREGIVER',
  'THEFT_FIDUCIARY',
  'THEFT_OTHER_KNOWN_PERSON',
  'DIMINISHED_CAPACITY_INDICATOR',
]);
const isHigh = (s: Severity) => s === 'HIGH' || s === 'CRITICAL';

const URGENCY: Record<RecommendedAction, number> = {
  REVIEW: 0,
  CONTACT_CUSTOMER: 1,
  CONTACT_TRUSTED_CONTACT: 2,
  HOLD_PAYMENT: 3,
};

/** The most urgent of several signals' actions (an item can touch more than one signal). */
export function mostUrgent<T extends { recommendedAction: RecommendedAction }>(
  items: readonly T[],
): T | undefined {
  let best: T | undefined;
  for (const item of items)
    if (!best || URGENCY[item.recommendedAction] > URGENCY[best.recommendedAction]) best = item;
  return best;
}

/**
 * The rule of thumb (README "Recommended action"):
 * - a reviewed signal, or a LOW one, or one of UNDETERMINED category: REVIEW (an analyst decides);
 * - after a death: HOLD_PAYMENT (nobody can authorise the money any more);
 * - a stranger's scam or a takeover at HIGH or above: HOLD_PAYMENT (wires, crypto and gift cards
 *   cannot be called back; hold first, then call); below HIGH: CONTACT_CUSTOMER, on the phone
 *   number on file before any recent change;
 * - someone the customer knows (family, caregiver, agent) or a capacity concern: at CRITICAL
 *   HOLD_PAYMENT, otherwise CONTACT_TRUSTED_CONTACT: the customer may defend or fear the person,
 *   so the trusted contact is the safer first call (FINRA rule 2165 has the same idea).
 */
export function recommendedAction(signal: {
  status: SignalStatus;
  category: SignalCategory;
  severity: Severity;
}): RecommendedAction {
  if (signal.status !== 'ACTIVE' || signal.severity === 'LOW' || signal.category === 'UNDETERMINED')
    return 'REVIEW';
  if (signal.category === 'POST_DEATH_ACTIVITY') return 'HOLD_PAYMENT';
  if (STRANGER.has(signal.category)) return isHigh(signal.severity) ? 'HOLD_PAYMENT' : 'CONTACT_CUSTOMER';
  if (KNOWN_PERSON.has(signal.category))
    return signal.severity === 'CRITICAL' ? 'HOLD_PAYMENT' : 'CONTACT_TRUSTED_CONTACT';
  return 'REVIEW';
}
