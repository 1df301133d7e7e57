import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import { oneOrMany } from '../../api/validation.js';
import type { IngestResult } from '../activity/ingest.js';
import type { AccountEventsService } from './account-events.service.js';
import {
  AccountEventBatch,
  AccountEventInput,
  AccountEventPage,
  AccountEventParams,
  AccountEventResponse,
  EventIngestResponse,
  FeedEventBatch,
  IngestQuery,
  ListAccountEventsQuery,
  toAccountEventJson,
} from './account-events.schemas.js';
import { readTimestamp } from '../../domain/values/dates.js';

function toEventIngestJson(result: IngestResult) {
  return {
    accepted: result.accepted,
    duplicates: result.duplicates,
    events: result.items.map((i) => ({
      id: i.id,
      external_id: i.externalId,
      duplicate: i.duplicate,
      signal_ids: i.signalIds,
    })),
    signals: result.signals,
  };
}

const ProfileParams = Type.Object({ profile_id: AccountEventParams.properties.profile_id });
const body = oneOrMany(AccountEventInput, AccountEventBatch, 'events');

export const accountEventsRoutes: FastifyPluginAsyncTypebox<{ service: AccountEventsService }> = (
  app,
  { service },
) => {
  const read = { scope: 'transactions:read' } as const;
  const write = { scope: 'transactions:write' } as const;
  const tags = ['account-events'];

  app.post(
    '/profiles/:profile_id/events',
    {
      config: write,
      validatorCompiler: body.validatorCompiler,
      schema: {
        tags,
        summary: 'Ingest one account event or a batch of up to 1000 (all or nothing), scored in real time',
        params: ProfileParams,
        querystring: IngestQuery,
        body: Type.Unsafe<AccountEventInput | { events: AccountEventInput[] }>(body.schema),
        response: { 201: EventIngestResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const isBatch = body.isBatch(request.body);
      const inputs = isBatch
        ? (request.body as { events: AccountEventInput[] }).events
        : [request.body as AccountEventInput];
      const result = await service.ingestForProfile(callerOf(request), request.params.profile_id, inputs, {
        scoring: request.query.scoring ?? true,
        isBatch,
      });
      return reply.code(201).send(toEventIngestJson(result));
    },
  );

  app.post(
    '/events',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Bank feed: account events of many profiles, each named by customer_id or profile_id (all or nothing)',
        querystring: IngestQuery,
        body: FeedEventBatch,
        response: { 201: EventIngestResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await service.ingestFeed(callerOf(request), request.body.events, {
        scoring: request.query.scoring ?? true,
      });
      return reply.code(201).send(toEventIngestJson(result));
    },
  );

  app.get(
    '/profiles/:profile_id/events',
    {
      config: read,
      schema: {
        tags,
        summary: "List a profile's account events, newest first",
        params: ProfileParams,
        querystring: ListAccountEventsQuery,
        response: { 200: AccountEventPage, ...errorResponses },
      },
    },
    async (request) => {
      const { from, to, event_type } = request.query;
      const page = pageRequest(request.query, 'time');
      const rows = await service.list(
        callerOf(request),
        request.params.profile_id,
        {
          fromMs: from === undefined ? undefined : readTimestamp(from),
          toMs: to === undefined ? undefined : readTimestamp(to),
          eventType: event_type,
        },
        { afterId: page.afterId, afterAtMs: page.afterAtMs, limit: page.fetch },
      );
      return toPage(rows, page, toAccountEventJson, (e) => ({ id: e.id, atMs: e.occurredAtMs }));
    },
  );

  app.get(
    '/profiles/:profile_id/events/:event_id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get one account event',
        params: AccountEventParams,
        response: { 200: AccountEventResponse, ...errorResponses },
      },
    },
    async (request) => {
      const event = await service.get(callerOf(request), request.params.profile_id, request.params.event_id);
      return { ...toAccountEventJson(event), evaluation: event.evaluation as never };
    },
  );
  return Promise.resolve();
};
