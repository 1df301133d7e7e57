import type { Selectable } from 'kysely';

/** Append-only: triggers refuse UPDATE and DELETE (migration 008). */
export interface SignalNotesTable {
  id: string;
  tenant_id: string;
  environment: string;
  signal_id: string;
  /** 'user' or 'api_key'. */
  author_type: string;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: number;
}
export type SignalNoteRow = Selectable<SignalNotesTable>;
