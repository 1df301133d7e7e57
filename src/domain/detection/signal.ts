import type { RuleType, Severity, SignalCategory, SignalStatus } from '../values/enums.js';

/** One rule's finding on one item, kept on the signal (api.md §5.6 evidence). Keyed by (ruleId, itemId). */
export interface Evidence {
  ruleId: string;
  ruleName: string;
  ruleType: RuleType;
  ruleVersion: number;
  weight: number;
  severity: Severity;
  category: SignalCategory;
  measured: number;
  threshold: number;
  baseline: number | null;
  /** Set when the measurement said whether its values are money (Fired.money). */
  money?: boolean;
  reason: string;
  transactionIds: string[];
  eventIds: string[];
  itemId: string;
  itemKind: 'transaction' | 'event';
  occurredAtMs: number;
}

export interface Review {
  status: 'CONFIRMED' | 'DISMISSED';
  reason: string | null;
  notes: string | null;
  reviewedAtMs: number;
  reviewedBy: string;
}

/** A possible case of exploitation for an analyst (api.md §5.6), as the engine shapes it. */
export interface SignalState {
  id: string;
  profileId: string;
  status: SignalStatus;
  category: SignalCategory;
  severity: Severity;
  score: number;
  /**
   * The evidence this state holds: all of it for a small signal; for a large one, a bounded part
   * (the latest items, and each rule's latest), with `evidenceTotal` saying how many exist in all.
   */
  evidence: Evidence[];
  /** How many evidence items the signal has in all, when `evidence` holds only part of them. */
  evidenceTotal?: number;
  /** Debits counted in amount_at_risk, each once: transaction ID → amount in minor units. */
  debits: Record<string, number>;
  amountAtRiskMinor: number;
  firstSeenMs: number;
  lastSeenMs: number;
  summary: string;
  batchRunId: string | null;
  review: Review | null;
}
