import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { SignalsService } from './signals.service.js';
import type { SignalsStore } from './signals.store.js';
import {
  ListSignalsQuery,
  ReopenSignalBody,
  ReviewSignalBody,
  SignalPage,
  SignalParams,
  SignalResponse,
  toSignalJson,
} from './signals.schemas.js';
import { readTimestamp } from '../../domain/values/dates.js';

const time = (value: string | undefined) => (value === undefined ? undefined : readTimestamp(value));

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
    async (request) => {
      const { status, reason, notes } = request.body;
      return toSignalJson(
        await service.review(callerOf(request), request.params.signal_id, {
          status,
          reason: reason ?? null,
          notes: notes ?? null,
        }),
      );
    },
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
