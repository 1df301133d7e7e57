import type { Evidence } from '../api/types';
import { money, number } from './format';

// Rule types whose measured/threshold/baseline are money (major units on the wire; signals.schemas.ts).
const MONEY_RULES = new Set([
  'THRESHOLD',
  'BASELINE_DEVIATION',
  'NEW_COUNTERPARTY',
  'RELATIONSHIP',
  'BALANCE_TREND',
  'PASS_THROUGH',
  'ACCOUNT_EVENT_SEQUENCE',
]);

export interface EvidenceExplanation {
  ruleName: string;
  sentence: string;
  measured: string;
  baseline: string;
  threshold: string;
  weight: string;
  /** How many times the customer's usual amount this is, when a baseline exists. */
  timesBaseline: string | null;
}

/**
 * The wire carries no unit per evidence item: a money rule may also measure a share (channel shift:
 * 0.81 of the outflow). Values that are all at most 1 are read as a share, not as cents.
 */
function isMoney(evidence: Evidence): boolean {
  if (!MONEY_RULES.has(evidence.rule_type)) return false;
  return [evidence.measured, evidence.threshold, evidence.baseline ?? 0].some((value) => Math.abs(value) > 1);
}

/** One rule that fired, in words a person reads: what was measured, against what, and how much it counts. */
export function explainEvidence(evidence: Evidence): EvidenceExplanation {
  const show = (value: number) => (isMoney(evidence) ? money(value) : number(value));
  const measured = show(evidence.measured);
  const threshold = show(evidence.threshold);
  const baseline = evidence.baseline === null ? 'no baseline' : show(evidence.baseline);
  const times =
    evidence.baseline !== null && evidence.baseline > 0
      ? `${number(Math.round((evidence.measured / evidence.baseline) * 10) / 10)}×`
      : null;
  const against =
    evidence.baseline === null
      ? 'with no baseline to compare'
      : `against a usual ${baseline}${times ? ` (${times} usual)` : ''}`;
  const sentence =
    `${evidence.rule_name} fired: measured ${measured} ${against}; ` +
    `it fires at ${threshold}. Weight ${number(evidence.weight)} (${evidence.severity.toLowerCase()}).`;
  return {
    ruleName: evidence.rule_name,
    sentence,
    measured,
    baseline,
    threshold,
    weight: number(evidence.weight),
    timesBaseline: times,
  };
}
