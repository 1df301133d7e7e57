import type { Selectable } from 'kysely';

export interface UsersTable {
  id: string;
  tenant_id: string;
  /** Lower-cased; unique per tenant. */
  email: string;
  name: string;
  role: string;
  /** ACTIVE or DISABLED. */
  status: string;
  password_hash: string;
  /** 1 while the password is a one-time password (the user must choose their own). */
  password_must_change: number;
  /** API key or user that created the user; null when the CLI did. */
  created_by: string | null;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
}
export type UserRow = Selectable<UsersTable>;
