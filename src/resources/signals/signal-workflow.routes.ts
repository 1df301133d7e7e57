import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { errorResponses } from '../../api/schemas.js';
import { toSignalFilters } from './signal-filters.js';
import {
  AssignSignalBody,
  BulkReviewResponse,
  SignalCountsQuery,
  SignalCountsResponse,
  toBulkResultJson,
} from './signal-workflow.schemas.js';
import type { SignalsService } from './signals.service.js';
import type { SignalsStore } from './signals.store.js';
import {
  BulkReviewBody,
  SignalParams,
  SignalResponse,
  toReviewRequest,
  toSignalJson,
} from './signals.schemas.js';

/** The case workflow on signals (issue 10): queue counts, bulk review, assignment. */
export const signalWorkflowRoutes: FastifyPluginAsyncTypebox<{
  store: SignalsStore;
  service: SignalsService;
}> = (app, { store, service }) => {
  const tags = ['signals'];

  app.get(
    '/counts',
    {
      config: { scope: 'signals:read' },
      schema: {
        tags,
        summary: 'Count signals per severity (the queue header), with the filters of GET /signals',
        querystring: SignalCountsQuery,
        response: { 200: SignalCountsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const filters = toSignalFilters(request.query, caller.actor);
      const counts = await store.countBySeverity(caller.tenantId, caller.environment, filters);
      return { counts, total: counts.LOW + counts.MEDIUM + counts.HIGH + counts.CRITICAL };
    },
  );

  app.post(
    '/bulk-review',
    {
      config: { scope: 'signals:review' },
      schema: {
        tags,
        summary: 'Review up to 100 signals at once; each is reviewed or refused on its own',
        body: BulkReviewBody,
        response: { 200: BulkReviewResponse, ...errorResponses },
      },
    },
    async (request) => {
      const outcomes = await service.bulkReview(
        callerOf(request),
        request.body.signal_ids,
        toReviewRequest(request.body),
      );
      return toBulkResultJson(outcomes);
    },
  );

  app.post(
    '/:signal_id/assign',
    {
      // Self-assignment needs signals:review; assigning others also signals:assign (checked in the service).
      config: { scope: 'signals:review' },
      schema: {
        tags,
        summary: 'Assign a signal to a user, or unassign it',
        params: SignalParams,
        body: AssignSignalBody,
        response: { 200: SignalResponse, ...errorResponses },
      },
    },
    async (request) =>
      toSignalJson(
        await service.assign(callerOf(request), request.params.signal_id, request.body.assignee_id),
      ),
  );
  return Promise.resolve();
};
