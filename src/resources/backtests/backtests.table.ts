import type { Selectable } from 'kysely';

export interface BacktestsTable {
  id: string;
  tenant_id: string;
  environment: string;
  status: string;
  /** JSON: BacktestRequest. */
  request: string;
  /** JSON: BacktestSnapshot. */
  snapshot: string;
  profiles_total: number;
  profiles_done: number;
  errors: number;
  /** JSON: BacktestResult, once COMPLETED. */
  result: string | null;
  failure_reason: string | null;
  actor_api_key_id: string | null;
  actor_user_id: string | null;
  actor_name: string;
  request_id: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}
export type BacktestRow = Selectable<BacktestsTable>;
