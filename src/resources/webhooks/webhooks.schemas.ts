import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { isoTimestamp } from '../../lib/clock.js';
import { DELIVERY_STATUSES, WEBHOOK_EVENT_TYPES } from './webhooks.outbox.js';
import type { WebhookDelivery, WebhookEndpoint } from './webhooks.store.js';

export const URL_MESSAGE = 'must be an http or https URL';

const Url = Type.String({
  maxLength: 2048,
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://',
  'x-message': URL_MESSAGE,
  description: 'Where deliveries are POSTed: an http or https URL; redirects are not followed',
});
const Events = Type.Array(literalUnion(WEBHOOK_EVENT_TYPES), {
  minItems: 1,
  maxItems: 20,
  description: 'The event types this endpoint receives',
});
const Description = Type.String({ maxLength: 500 });

export const WebhookParams = Type.Object({ webhook_id: Uuid });
export const ListWebhooksQuery = Type.Object({ ...ListQuery }, { additionalProperties: false });

export const CreateWebhookBody = Type.Object(
  {
    url: Url,
    events: Events,
    description: Type.Optional(Description),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false, title: 'CreateWebhook' },
);
export type CreateWebhookBody = Static<typeof CreateWebhookBody>;

export const UpdateWebhookBody = Type.Object(
  {
    url: Type.Optional(Url),
    events: Type.Optional(Events),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, title: 'UpdateWebhook' },
);
export type UpdateWebhookBody = Static<typeof UpdateWebhookBody>;

export const WebhookResponse = Type.Object(
  {
    id: Uuid,
    url: Type.String(),
    events: Type.Array(literalUnion(WEBHOOK_EVENT_TYPES)),
    description: Type.Union([Type.String(), Type.Null()]),
    enabled: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Webhook' },
);
export const CreatedWebhookResponse = Type.Object(
  {
    ...WebhookResponse.properties,
    secret: Type.Union([Type.String(), Type.Null()], {
      description:
        "The signing secret (whsec_ + base64), shown only in this response: verify each delivery's webhook-signature with it (Standard Webhooks). null when the response is an idempotent replay (Idempotent-Replayed: true): the secret is never stored to be shown again",
    }),
  },
  { title: 'CreatedWebhook' },
);
export const WebhookPage = Page(WebhookResponse, 'WebhookPage');

const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const WebhookDeliveryResponse = Type.Object(
  {
    id: Uuid,
    event_id: Type.String({ description: 'msg_...: the webhook-id header, the same on every attempt' }),
    event_type: literalUnion(WEBHOOK_EVENT_TYPES),
    attempt: Type.Integer({ description: '1 for the first attempt of an event, then 2, 3, ...' }),
    status: literalUnion(DELIVERY_STATUSES, {
      description:
        'PENDING: not attempted yet, due at next_attempt_at. SUCCEEDED: the endpoint answered 2xx. ' +
        'FAILED: no 2xx; when next_attempt_at is set the next attempt is scheduled then, else delivery was given up',
    }),
    response_status: Type.Union([Type.Integer(), Type.Null()], {
      description: 'HTTP status the endpoint answered, null if none',
    }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why the attempt failed' }),
    attempted_at: NullableTimestamp,
    next_attempt_at: NullableTimestamp,
  },
  { title: 'WebhookDelivery' },
);
export const WebhookDeliveryPage = Page(WebhookDeliveryResponse, 'WebhookDeliveryPage');

const timestampOrNull = (ms: number | null) => (ms === null ? null : isoTimestamp(ms));

export function toWebhookJson(webhook: WebhookEndpoint) {
  return {
    id: webhook.id,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    enabled: webhook.enabled,
    created_at: isoTimestamp(webhook.createdAtMs),
    updated_at: isoTimestamp(webhook.updatedAtMs),
  };
}

export function toWebhookDeliveryJson(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    attempt: delivery.attempt,
    status: delivery.status,
    response_status: delivery.responseStatus,
    error: delivery.error,
    attempted_at: timestampOrNull(delivery.attemptedAtMs),
    next_attempt_at: timestampOrNull(delivery.nextAttemptAtMs),
  };
}
