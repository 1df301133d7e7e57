import type { Selectable } from 'kysely';

export interface BatchRunsTable {
  id: string;
  tenant_id: string;
  environment: string;
  status: string;
  /** JSON: the request with its defaults resolved (BatchRunRequest). */
  request: string;
  /** JSON: the rules and detection settings the run scores with (BatchRunSnapshot). */
  snapshot: string;
  chunk_size: number;
  profiles_total: number;
  chunks_total: number;
  chunks_done: number;
  failure_reason: string | null;
  actor_api_key_id: string | null;
  actor_user_id: string | null;
  actor_name: string;
  request_id: string;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}
export type BatchRunRow = Selectable<BatchRunsTable>;

export interface BatchRunChunksTable {
  batch_run_id: string;
  chunk_no: number;
  /** JSON array of profile IDs, scored in this order. */
  profile_ids: string;
  /** PENDING or DONE. */
  status: string;
  position: number;
  transactions_scored: number;
  signals_created: number;
  signals_updated: number;
  errors: number;
  last_error: string | null;
  /** The worker that last advanced the chunk (host:pid). */
  worked_by: string | null;
  updated_at: number;
}
export type BatchRunChunkRow = Selectable<BatchRunChunksTable>;
