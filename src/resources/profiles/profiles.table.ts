import type { Insertable, Selectable, Updateable } from 'kysely';

export interface ProfilesTable {
  id: string;
  tenant_id: string;
  environment: string;
  customer_id: string;
  customer_name: string;
  date_of_birth: string;
  enrollment_reason: string;
  enrollment_notes: string | null;
  currency: string;
  status: string;
  status_changed_at: number;
  date_of_death: string | null;
  /** JSON object or null. */
  trusted_contact: string | null;
  risk_score: number;
  risk_level: string;
  open_signal_count: number;
  baseline_status: string;
  /** JSON object or null. */
  metadata: string | null;
  /** Set anew by every write of the profile's transactions or events (the history cache's version). */
  activity_version: string | null;
  /** Set anew by every write of the profile's stored baseline (the real-time baseline cache's version). */
  baseline_version: string | null;
  suppressions_version: string | null;
  created_at: number;
  updated_at: number;
}
export type ProfileRow = Selectable<ProfilesTable>;
export type NewProfileRow = Insertable<ProfilesTable>;
export type ProfileRowUpdate = Updateable<ProfilesTable>;
