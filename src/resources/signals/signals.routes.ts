import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { errorResponses } from '../../api/schemas.js';
import { toSignalFilters, toSignalListBody, toSignalPage } from './signal-filters.js';
import type { SignalsService } from './signals.service.js';
import type { SignalsStore } from './signals.store.js';
import {
  ListSignalsQuery,
  ReopenSignalBody,
  ReviewSignalBody,
  SignalPage,
  SignalParams,
  SignalResponse,
  toReviewRequest,
  toSignalJson,
} from './signals.schemas.js';

/** The read side of signals (api.md §5.6): the analyst's queue and one signal with its evidence. */
export const signalsRoutes: FastifyPluginAsyncTypebox<{ store: SignalsStore; service: SignalsService }> = (
  app,
  { store, service },
) => {
  const config = { scope: 'signals:read' } as const;
  const tags = ['signals'];

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'List signals: the analyst queue, filtered and sorted (default newest first)',
        querystring: ListSignalsQuery,
        response: { 200: SignalPage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const page = toSignalPage(request.query);
      const filters = toSignalFilters(request.query, caller.actor);
      const signals = await store.list(caller.tenantId, caller.environment, filters, page.store);
      return toSignalListBody(signals, page, toSignalJson);
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
  const review = { scope: 'signals:review' } as const;
  // Both bodies are optional in shape terms: a review without a body is the fixed 400 of api.md §5.6.
  const emptyBody = (request: { body: unknown }, _reply: unknown, done: () => void) => {
    request.body ??= {};
    done();
  };

  app.post(
    '/:signal_id/review',
    {
      config: review,
      preValidation: emptyBody,
      schema: {
        tags,
        summary: 'Confirm or dismiss an ACTIVE signal',
        params: SignalParams,
        body: ReviewSignalBody,
        response: { 200: SignalResponse, ...errorResponses },
      },
    },
    async (request) =>
      toSignalJson(
        await service.review(callerOf(request), request.params.signal_id, toReviewRequest(request.body)),
      ),
  );

  app.post(
    '/:signal_id/reopen',
    {
      config: review,
      preValidation: emptyBody,
      schema: {
        tags,
        summary: 'Put a reviewed signal back to ACTIVE',
        params: SignalParams,
        body: ReopenSignalBody,
        response: { 200: SignalResponse, ...errorResponses },
      },
    },
    async (request) =>
      toSignalJson(
        await service.reopen(callerOf(request), request.params.signal_id, request.body.notes ?? null),
      ),
  );
  return Promise.resolve();
};
