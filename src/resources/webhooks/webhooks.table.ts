import type { Selectable } from 'kysely';

export interface WebhookEndpointsTable {
  id: string;
  tenant_id: string;
  environment: string;
  url: string;
  /** JSON array of event types. */
  events: string;
  description: string | null;
  enabled: number;
  /** The signing secret, sealed by secret-box.ts (encrypted when a key is configured). */
  secret: string;
  created_at: number;
  updated_at: number;
}
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;

export interface WebhookEventsTable {
  /** `msg_` + UUID: the `webhook-id` header of every attempt. */
  id: string;
  tenant_id: string;
  environment: string;
  type: string;
  /** The exact request body, so every retry sends the same bytes. */
  payload: string;
  created_at: number;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  environment: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  /** PENDING (due at next_attempt_at), SUCCEEDED or FAILED. */
  status: string;
  response_status: number | null;
  error: string | null;
  attempted_at: number | null;
  next_attempt_at: number | null;
  /** A dispatcher's claim: nobody else sends this attempt before locked_until. */
  locked_until: number | null;
  claimed_by: string | null;
  created_at: number;
}
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
