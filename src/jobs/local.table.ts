/** The SQLite job queue of the in-process runner (jobs/local.ts); PostgreSQL uses pg-boss instead. */
export interface LocalJobsTable {
  id: string;
  queue: string;
  /** Idempotency key within the queue: a second job with the same key is not added. */
  key: string;
  payload: string;
  /** QUEUED or ACTIVE; finished jobs are deleted. */
  state: string;
  attempts: number;
  run_after: number;
  last_error: string | null;
  created_at: number;
}
