import type { TenantContext } from '../../api/context.js';
import { isoTimestamp } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Executor } from '../../store/transaction.js';

/** The events an endpoint can subscribe to (api.md §5.8). */
export const WEBHOOK_EVENT_TYPES = [
  'signal.created',
  'signal.updated',
  'signal.reviewed',
  'signal.assigned',
  'signal.note_added',
  'profile.status_changed',
  'batch_run.completed',
  'batch_run.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The status of one delivery attempt (webhook_deliveries.status). */
export const DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * Records an event for every enabled endpoint of the tenant environment subscribed to its type:
 * one `webhook_events` row (the exact body, Standard Webhooks shape) and one PENDING delivery per
 * endpoint, due at once. Call it with the transaction that makes the change: the event then
 * commits or rolls back with it, and the dispatcher sends it after the commit, even if this
 * process dies first. Returns the event ID (`msg_...`, the `webhook-id` header), or undefined when
 * no endpoint wants the event (nothing is written).
 */
export async function recordWebhookEvent(
  trx: Executor,
  ctx: Pick<TenantContext, 'tenantId' | 'environment'>,
  type: WebhookEventType,
  data: object,
  atMs: number,
): Promise<string | undefined> {
  const endpoints = await trx
    .selectFrom('webhook_endpoints')
    .select(['id', 'events'])
    .where('tenant_id', '=', ctx.tenantId)
    .where('environment', '=', ctx.environment)
    .where('enabled', '=', 1)
    .execute();
  const subscribed = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(type));
  if (subscribed.length === 0) return undefined;

  const eventId = `msg_${newId()}`;
  const partition = { tenant_id: ctx.tenantId, environment: ctx.environment };
  await trx
    .insertInto('webhook_events')
    .values({
      id: eventId,
      ...partition,
      type,
      payload: JSON.stringify({ type, timestamp: isoTimestamp(atMs), data }),
      created_at: atMs,
    })
    .execute();
  await trx
    .insertInto('webhook_deliveries')
    .values(
      subscribed.map((endpoint) => ({
        id: newId(),
        ...partition,
        endpoint_id: endpoint.id,
        event_id: eventId,
        event_type: type,
        attempt: 1,
        status: 'PENDING',
        response_status: null,
        error: null,
        attempted_at: null,
        next_attempt_at: atMs,
        locked_until: null,
        claimed_by: null,
        created_at: atMs,
      })),
    )
    .execute();
  return eventId;
}
