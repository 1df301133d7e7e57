import type { Selectable } from 'kysely';

export interface SuppressionsTable {
  id: string;
  tenant_id: string;
  environment: string;
  profile_id: string;
  counterparty_id: string | null;
  /** JSON array of the rule IDs that fired on the dismissed signal. */
  rule_ids: string;
  signal_id: string;
  signal_category: string;
  reason: string;
  created_by: string;
  created_at: number;
  expires_at: number;
}
export type SuppressionRow = Selectable<SuppressionsTable>;
