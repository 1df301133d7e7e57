export interface RateLimitBucketsTable {
  bucket_key: string;
  tokens: number;
  updated_at_ms: number;
  /** 1 when the last take() got a token: lets one UPDATE ... RETURNING tell the caller. */
  last_allowed: number;
}
