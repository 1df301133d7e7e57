import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { Clock } from '../../lib/clock.js';
import type { ProfilesService } from '../profiles/profiles.service.js';
import {
  ListSuppressionsQuery,
  SuppressionPage,
  SuppressionParams,
  toSuppressionJson,
} from './suppressions.schemas.js';
import type { SuppressionsStore } from './suppressions.store.js';

/** GET /profiles/{id}/suppressions (issue 10): the benign patterns dismissals silenced for a profile. */
export const suppressionsRoutes: FastifyPluginAsyncTypebox<{
  store: SuppressionsStore;
  profiles: Pick<ProfilesService, 'get'>;
  clock: Clock;
}> = (app, { store, profiles, clock }) => {
  app.get(
    '/profiles/:profile_id/suppressions',
    {
      config: { scope: 'profiles:read' },
      schema: {
        tags: ['profiles'],
        summary: "A profile's suppressions, newest first (active ones unless include_expired=true)",
        params: SuppressionParams,
        querystring: ListSuppressionsQuery,
        response: { 200: SuppressionPage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const profileId = request.params.profile_id;
      await profiles.get(caller, profileId);
      const page = pageRequest(request.query);
      const nowMs = clock.nowMs();
      const rows = await store.list(caller.tenantId, caller.environment, profileId, {
        nowMs,
        includeExpired: request.query.include_expired ?? false,
        afterId: page.afterId,
        limit: page.fetch,
      });
      return toPage(rows, page, (s) => toSuppressionJson(s, nowMs));
    },
  );
  return Promise.resolve();
};
