import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { SignalsStore } from './signals.store.js';
import {
  ListSignalsQuery,
  SignalPage,
  SignalParams,
  SignalResponse,
  toSignalJson,
} from './signals.schemas.js';

const time = (value: string | undefined) => (value === undefined ? undefined : Date.parse(value));

/** The read side of signals (api.md §5.6): the analyst's queue and one signal with its evidence. */
export const signalsRoutes: FastifyPluginAsyncTypebox<{ store: SignalsStore }> = (app, { store }) => {
  const config = { scope: 'signals:read' } as const;
  const tags = ['signals'];

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'List signals, newest first',
        querystring: ListSignalsQuery,
        response: { 200: SignalPage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const q = request.query;
      const page = pageRequest(q);
      const signals = await store.list(
        caller.tenantId,
        caller.environment,
        {
          status: q.status,
          severity: q.severity,
          category: q.signal_category,
          profileId: q.profile_id,
          ruleId: q.rule_id,
          createdAfterMs: time(q.created_after),
          createdBeforeMs: time(q.created_before),
        },
        { afterId: page.afterId, limit: page.fetch },
      );
      return toPage(signals, page, toSignalJson);
    },
  );

  app.get(
    '/:signal_id',
    {
      config,
      schema: {
        tags,
        summary: 'Get a signal with its evidence',
        params: SignalParams,
        response: { 200: SignalResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const signal = await store.findById(caller.tenantId, caller.environment, request.params.signal_id);
      if (!signal) throw apiError('SIGNAL_NOT_FOUND');
      return toSignalJson(signal);
    },
  );
  return Promise.resolve();
};
