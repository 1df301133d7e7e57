export interface IdempotencyKeysTable {
  tenant_id: string;
  environment: string;
  /** The API key or user that sent the request: keys are never shared between callers. */
  caller_id: string;
  idempotency_key: string;
  request_hash: string;
  /** null while the first request is still running. */
  response_status: number | null;
  response_body: string | null;
  created_at: number;
}
