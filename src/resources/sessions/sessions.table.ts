import type { Selectable } from 'kysely';

export interface UserSessionsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** SHA-256 (hex) of the opaque session ID the cookie holds. */
  session_hash: string;
  /** SHA-256 (hex) of the session's CSRF token. */
  csrf_token_hash: string;
  environment: string;
  client_address: string | null;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  /** Absolute expiry: the session ends then, however active. */
  expires_at: number;
  /** Idle expiry: pushed forward as the session is used. */
  idle_expires_at: number;
  revoked_at: number | null;
}
export type UserSessionRow = Selectable<UserSessionsTable>;
