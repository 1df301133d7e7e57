import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { BatchRunsService } from './batch-runs.service.js';
import {
  BatchRunPage,
  BatchRunParams,
  BatchRunResponse,
  CreateBatchRunBody,
  ListBatchRunsQuery,
  toBatchRunJson,
} from './batch-runs.schemas.js';
import { readTimestamp } from '../../domain/values/dates.js';

const time = (value: string | undefined) => (value === undefined ? undefined : readTimestamp(value));

/** Batch runs (api.md §5.7): re-score a tenant or part of it asynchronously, follow and cancel it. */
export const batchRunsRoutes: FastifyPluginAsyncTypebox<{ service: BatchRunsService }> = (
  app,
  { service },
) => {
  const read = { scope: 'batch_runs:read' } as const;
  const write = { scope: 'batch_runs:write' } as const;
  const tags = ['batch runs'];

  app.post(
    '/',
    {
      config: write,
      // The body is optional: no body re-scores every ACTIVE and DECEASED profile over the last 30 days.
      preValidation: (request, _reply, done) => {
        (request as { body: unknown }).body ??= {};
        done();
      },
      schema: {
        tags,
        summary: 'Start a batch run (202: it runs in the background)',
        body: CreateBatchRunBody,
        response: { 202: BatchRunResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const run = await service.create(callerOf(request), {
        profileIds: b.profile_ids,
        fromMs: time(b.from),
        toMs: time(b.to),
        recomputeBaselines: b.recompute_baselines,
        ruleIds: b.rule_ids,
      });
      return reply.code(202).send(toBatchRunJson(run));
    },
  );

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List batch runs, newest first',
        querystring: ListBatchRunsQuery,
        response: { 200: BatchRunPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const runs = await service.list(
        callerOf(request),
        { status: request.query.status },
        { afterId: page.afterId, limit: page.fetch },
      );
      return toPage(runs, page, toBatchRunJson);
    },
  );

  app.get(
    '/:batch_run_id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a batch run and its progress',
        params: BatchRunParams,
        response: { 200: BatchRunResponse, ...errorResponses },
      },
    },
    async (request) =>
      toBatchRunJson(await service.getBatchRun(callerOf(request), request.params.batch_run_id)),
  );

  app.post(
    '/:batch_run_id/cancel',
    {
      config: write,
      schema: {
        tags,
        summary: 'Cancel a QUEUED or RUNNING batch run',
        params: BatchRunParams,
        response: { 200: BatchRunResponse, ...errorResponses },
      },
    },
    async (request) => toBatchRunJson(await service.cancel(callerOf(request), request.params.batch_run_id)),
  );
  return Promise.resolve();
};
