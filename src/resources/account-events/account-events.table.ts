import type { Insertable, Selectable } from 'kysely';

export interface AccountEventsTable {
  id: string;
  tenant_id: string;
  environment: string;
  profile_id: string;
  external_id: string;
  occurred_at: number;
  event_type: string;
  party_id: string | null;
  party_name: string | null;
  device_id: string | null;
  country: string | null;
  /** JSON object or null. */
  details: string | null;
  created_at: number;
  /** JSON ItemEvaluation of the last scoring, or null when never scored (backfill). */
  evaluation: string | null;
}
export type AccountEventRow = Selectable<AccountEventsTable>;
export type NewAccountEventRow = Insertable<AccountEventsTable>;
