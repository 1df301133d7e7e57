import type { Selectable } from 'kysely';

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  environment: string;
  name: string;
  key_hash: string;
  key_hint: string;
  /** JSON array of scope names. */
  scopes: string;
  rate_limit_per_minute: number | null;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
  created_by: string | null;
  created_at: number;
}
export type ApiKeyRow = Selectable<ApiKeysTable>;
