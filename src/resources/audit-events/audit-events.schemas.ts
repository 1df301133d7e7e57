import { Type, type Static } from 'typebox';
import { ListQuery, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { AuditEvent } from './audit-events.store.js';

export const ListAuditEventsQuery = Type.Object(
  {
    resource_type: Type.Optional(Type.String({ maxLength: 64, description: 'e.g. profile, api_key' })),
    resource_id: Type.Optional(Uuid),
    actor: Type.Optional(
      Type.String({ format: 'uuid', maxLength: 36, description: 'API key ID or user ID of the actor' }),
    ),
    action: Type.Optional(Type.String({ maxLength: 64, description: 'e.g. profile.created' })),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    ...ListQuery,
  },
  { additionalProperties: false },
);
export type ListAuditEventsQuery = Static<typeof ListAuditEventsQuery>;

export const AuditEventResponse = Type.Object(
  {
    id: Uuid,
    at: Timestamp,
    actor: Type.Object(
      {
        api_key_id: Type.Union([Type.String(), Type.Null()], { description: 'Set when an API key acted' }),
        user_id: Type.Union([Type.String(), Type.Null()], {
          description: 'Set when a signed-in user acted (then api_key_id is null)',
        }),
        name: Type.String({ description: "The key's name, the user's email, or operator" }),
      },
      { title: 'AuditActor' },
    ),
    action: Type.String(),
    resource_type: Type.String(),
    resource_id: Type.String(),
    changes: Type.Union([Type.Record(Type.String(), Type.Array(Type.Unknown())), Type.Null()], {
      description: '{field: [before, after]}',
    }),
    request_id: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'AuditEvent' },
);
export const AuditEventPage = Page(AuditEventResponse, 'AuditEventPage');

export function toAuditEventJson(event: AuditEvent) {
  return {
    id: event.id,
    at: isoTimestamp(event.atMs),
    actor: { api_key_id: event.actor.apiKeyId, user_id: event.actor.userId, name: event.actor.name },
    action: event.action,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    changes: event.changes,
    request_id: event.requestId,
  };
}
