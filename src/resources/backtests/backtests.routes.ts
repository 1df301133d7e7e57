import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import { readTimestamp } from '../../domain/values/dates.js';
import type { BacktestsService } from './backtests.service.js';
import {
  BacktestPage,
  BacktestParams,
  BacktestResponse,
  CreateBacktestBody,
  ListBacktestsQuery,
  toBacktestJson,
  toRuleDraft,
} from './backtests.schemas.js';

const time = (value: string | undefined) => (value === undefined ? undefined : readTimestamp(value));

/** Backtests (issue 13): replay a window with a draft rule set against the current one, writing no signal. */
export const backtestsRoutes: FastifyPluginAsyncTypebox<{ service: BacktestsService }> = (
  app,
  { service },
) => {
  const read = { scope: 'rules:read' } as const;
  const write = { scope: 'rules:write' } as const;
  const tags = ['backtests'];

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Start a backtest of a draft rule set (202: it runs in the background)',
        body: CreateBacktestBody,
        response: { 202: BacktestResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const backtest = await service.create(callerOf(request), {
        draft: toRuleDraft(b.draft),
        profileIds: b.profile_ids,
        fromMs: time(b.from),
        toMs: time(b.to),
        recomputeBaselines: b.recompute_baselines,
      });
      return reply.code(202).send(toBacktestJson(backtest));
    },
  );

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List backtests, newest first',
        querystring: ListBacktestsQuery,
        response: { 200: BacktestPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const list = await service.list(
        callerOf(request),
        { status: request.query.status },
        { afterId: page.afterId, limit: page.fetch },
      );
      return toPage(list, page, toBacktestJson);
    },
  );

  app.get(
    '/:backtest_id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a backtest, its progress and, once COMPLETED, its result',
        params: BacktestParams,
        response: { 200: BacktestResponse, ...errorResponses },
      },
    },
    async (request) =>
      toBacktestJson(await service.getBacktest(callerOf(request), request.params.backtest_id)),
  );

  app.post(
    '/:backtest_id/cancel',
    {
      config: write,
      schema: {
        tags,
        summary: 'Cancel a QUEUED or RUNNING backtest',
        params: BacktestParams,
        response: { 200: BacktestResponse, ...errorResponses },
      },
    },
    async (request) => toBacktestJson(await service.cancel(callerOf(request), request.params.backtest_id)),
  );
  return Promise.resolve();
};
