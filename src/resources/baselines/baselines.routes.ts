import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { errorResponses } from '../../api/schemas.js';
import type { BaselinesService } from './baselines.service.js';
import {
  BaselineParams,
  BaselineResponse,
  ComputeBaselineBody,
  toBaselineJson,
} from './baselines.schemas.js';

export const baselinesRoutes: FastifyPluginAsyncTypebox<{ service: BaselinesService }> = (
  app,
  { service },
) => {
  const tags = ['baselines'];

  app.get(
    '/profiles/:profile_id/baseline',
    {
      config: { scope: 'baselines:read' },
      schema: {
        tags,
        summary: "The profile's stored baseline",
        params: BaselineParams,
        response: { 200: BaselineResponse, ...errorResponses },
      },
    },
    async (request) => toBaselineJson(await service.get(callerOf(request), request.params.profile_id)),
  );

  app.post(
    '/profiles/:profile_id/baseline',
    {
      config: { scope: 'baselines:write' },
      // The body is optional: no body means the default lookback.
      preValidation: (request, _reply, done) => {
        (request as { body: unknown }).body ??= {};
        done();
      },
      schema: {
        tags,
        summary: 'Compute the baseline now and store it',
        params: BaselineParams,
        body: ComputeBaselineBody,
        response: { 200: BaselineResponse, ...errorResponses },
      },
    },
    async (request) =>
      toBaselineJson(
        await service.compute(callerOf(request), request.params.profile_id, request.body.lookback_days),
      ),
  );
  return Promise.resolve();
};
