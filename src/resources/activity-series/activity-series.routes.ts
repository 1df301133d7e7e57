import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { errorResponses } from '../../api/schemas.js';
import {
  ActivitySeriesParams,
  ActivitySeriesQuery,
  ActivitySeriesResponse,
  toActivitySeriesJson,
} from './activity-series.schemas.js';
import type { ActivitySeriesService } from './activity-series.service.js';

const day = (value: string | undefined) =>
  value === undefined ? undefined : Date.parse(`${value}T00:00:00Z`);

export const activitySeriesRoutes: FastifyPluginAsyncTypebox<{ service: ActivitySeriesService }> = (
  app,
  { service },
) => {
  app.get(
    '/profiles/:profile_id/activity-series',
    {
      config: { scope: 'transactions:read' },
      schema: {
        tags: ['profiles'],
        summary: "A profile's money per day or week with its baseline's typical range and markers (charts)",
        params: ActivitySeriesParams,
        querystring: ActivitySeriesQuery,
        response: { 200: ActivitySeriesResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { profile_id: profileId } = request.params;
      const q = request.query;
      const series = await service.get(callerOf(request), profileId, {
        bucket: q.bucket ?? 'day',
        fromDayMs: day(q.from),
        toDayMs: day(q.to),
      });
      return toActivitySeriesJson(profileId, series);
    },
  );
  return Promise.resolve();
};
