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
  evidence: Evidence[];
  /** Debits counted in amount_at_risk, each once: transaction ID → amount in minor units. */
  debits: Record<string, number>;
  amountAtRiskMinor: number;
  firstSeenMs: number;
  lastSeenMs: number;
  summary: string;
  batchRunId: string | null;
  review: Review | null;
}
