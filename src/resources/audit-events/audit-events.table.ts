import type { Selectable } from 'kysely';

export interface AuditEventsTable {
  id: string;
  tenant_id: string;
  environment: string;
  at: number;
  actor_api_key_id: string | null;
  /** The signed-in user who acted (then actor_api_key_id is null). */
  actor_user_id: string | null;
  actor_name: string;
  action: string;
  resource_type: string;
  resource_id: string;
  /** JSON object {field: [before, after]} or null. */
  changes: string | null;
  request_id: string | null;
}
export type AuditEventRow = Selectable<AuditEventsTable>;
