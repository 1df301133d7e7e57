import type { Selectable } from 'kysely';

export interface SignalsTable {
  id: string;
  tenant_id: string;
  environment: string;
  profile_id: string;
  customer_id: string;
  status: string;
  signal_category: string;
  severity: string;
  score: number;
  amount_at_risk_minor: number;
  /** JSON {transaction_id: amount_minor}: the distinct debits counted in amount_at_risk. */
  debits: string;
  summary: string;
  first_seen_at: number;
  last_seen_at: number;
  batch_run_id: string | null;
  /** JSON review or null. */
  review: string | null;
  /** The user working the signal (issue 10), or null; set only by POST /signals/{id}/assign. */
  assignee_id: string | null;
  assigned_at: number | null;
  created_at: number;
  updated_at: number;
  /** Set when late data retracted every evidence item of the signal (issue 13), with why. */
  retracted_at: number | null;
  retraction_reason: string | null;
}
export type SignalRow = Selectable<SignalsTable>;

export interface SignalEvidenceTable {
  tenant_id: string;
  environment: string;
  signal_id: string;
  rule_id: string;
  item_id: string;
  occurred_at: number;
  /** The Evidence of domain/detection/signal.ts as JSON. */
  content: string;
}

/** Evidence that stopped holding when late data re-scored the profile: the signal's history. */
export interface SignalEvidenceRetractionsTable extends SignalEvidenceTable {
  retracted_at: number;
  reason: string;
}
