import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import {
  ListWatchListQuery,
  toWatchListEntryJson,
  WatchListPage,
  WatchListParams,
} from './watch-list.schemas.js';
import type { WatchListService } from './watch-list.service.js';

/** GET /watch-list and DELETE /watch-list/{id} (issue 13, learning from reviews). */
export const watchListRoutes: FastifyPluginAsyncTypebox<{ service: WatchListService }> = (
  app,
  { service },
) => {
  const tags = ['watch-list'];
  app.get(
    '/',
    {
      config: { scope: 'signals:read' },
      schema: {
        tags,
        summary: 'Counterparties confirmed as part of exploitation in this environment, newest first',
        querystring: ListWatchListQuery,
        response: { 200: WatchListPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const rows = await service.list(callerOf(request), { afterId: page.afterId, limit: page.fetch });
      return toPage(rows, page, toWatchListEntryJson);
    },
  );

  app.delete(
    '/:entry_id',
    {
      config: { scope: 'rules:write' },
      schema: {
        tags,
        summary:
          'Take a counterparty off the watch list (the confirming profiles keep their own confirmations)',
        params: WatchListParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.entry_id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
