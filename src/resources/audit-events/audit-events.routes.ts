import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { AuditEventsStore } from './audit-events.store.js';
import { AuditEventPage, ListAuditEventsQuery, toAuditEventJson } from './audit-events.schemas.js';
import { readTimestamp } from '../../domain/values/dates.js';

/** GET /audit-events: read-only by design; no route edits or deletes them (api.md §5.8). */
export const auditEventsRoutes: FastifyPluginAsyncTypebox<{ store: AuditEventsStore }> = (app, { store }) => {
  app.get(
    '/',
    {
      config: { scope: 'audit:read' },
      schema: {
        tags: ['audit'],
        summary: 'List audit events, newest first',
        querystring: ListAuditEventsQuery,
        response: { 200: AuditEventPage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const page = pageRequest(request.query);
      const q = request.query;
      const rows = await store.list(caller.tenantId, caller.environment, {
        resourceType: q.resource_type,
        resourceId: q.resource_id,
        actor: q.actor,
        action: q.action,
        fromMs: q.from === undefined ? undefined : readTimestamp(q.from),
        toMs: q.to === undefined ? undefined : readTimestamp(q.to),
        afterId: page.afterId,
        limit: page.fetch,
      });
      return toPage(rows, page, toAuditEventJson);
    },
  );
  return Promise.resolve();
};
