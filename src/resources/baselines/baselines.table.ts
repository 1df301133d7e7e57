import type { Selectable } from 'kysely';

export interface BaselinesTable {
  profile_id: string;
  tenant_id: string;
  environment: string;
  as_of: number;
  status: string;
  /** The Baseline of domain/baseline as JSON. */
  content: string;
  computed_at: number;
}
export type BaselineRow = Selectable<BaselinesTable>;
