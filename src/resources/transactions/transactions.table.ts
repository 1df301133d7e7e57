import type { Insertable, Selectable } from 'kysely';

export interface TransactionsTable {
  id: string;
  tenant_id: string;
  environment: string;
  profile_id: string;
  external_id: string;
  occurred_at: number;
  amount_minor: number;
  direction: string;
  channel: string;
  counterparty_id: string | null;
  counterparty_name: string | null;
  counterparty_type: string | null;
  counterparty_relationship: string | null;
  counterparty_country: string | null;
  merchant_category_code: string | null;
  description: string | null;
  country: string | null;
  device_id: string | null;
  initiated_by: string | null;
  balance_after_minor: number | null;
  /** JSON object or null. */
  metadata: string | null;
  created_at: number;
  /** JSON ItemEvaluation of the last scoring, or null when never scored (backfill). */
  evaluation: string | null;
}
export type TransactionRow = Selectable<TransactionsTable>;
export type NewTransactionRow = Insertable<TransactionsTable>;
