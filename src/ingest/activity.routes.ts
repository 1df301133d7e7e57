import type { FastifyPluginAsync } from 'fastify';
import { Type, type TObject, type TSchema } from 'typebox';
import { callerOf } from '../api/context.js';
import { pageRequest, toPage } from '../api/pagination.js';
import { errorResponses, Uuid } from '../api/schemas.js';
import type { Scope } from '../domain/values/enums.js';
import { oneOrMany } from '../api/validation.js';
import { readTimestamp } from '../domain/values/dates.js';
import type { TimeRangeFilters } from './activity.store.js';
import { IngestQuery, toIngestJson } from './ingest.schemas.js';
import type { createIngestService } from './ingest.service.js';

type IngestService<Input, Item, Filters extends TimeRangeFilters> = ReturnType<
  typeof createIngestService<Input, { id: string; external_id: string; profile_id: string }, Item, Filters>
>;

/** The wire of one kind of activity: its schemas, presenter and list filters. */
export interface ActivityRoutesSpec<Item extends { id: string; occurredAtMs: number }, Filters> {
  /** URL segment and body key: "transactions" or "events". */
  collection: 'transactions' | 'events';
  /** The path parameter naming one item: "transaction_id" or "event_id". */
  idParam: string;
  tags: string[];
  read: Scope;
  write: Scope;
  summaries: { ingest: string; feed: string; list: string; get: string };
  schemas: {
    input: TSchema;
    batch: TSchema;
    feedBatch: TSchema;
    listQuery: TSchema;
    page: TSchema;
    item: TSchema;
    ingestResult: TSchema;
  };
  toJson: (item: Item) => object;
  /** The kind's list filters from the query string (from and to are shared). */
  filters: (query: Record<string, unknown>) => Omit<Filters, keyof TimeRangeFilters>;
}

interface ListQueryString {
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
  [filter: string]: unknown;
}

/**
 * The routes of one kind of activity (api.md §5.2–5.3): ingest for a profile, the bank feed, a
 * profile's page and one item. Transactions and account events differ only in their spec.
 */
export function activityRoutes<
  Input,
  Item extends { id: string; occurredAtMs: number },
  Filters extends TimeRangeFilters,
>(
  spec: ActivityRoutesSpec<Item, Filters>,
): FastifyPluginAsync<{ service: IngestService<Input, Item, Filters> }> {
  const { collection, tags, schemas } = spec;
  const ProfileParams = Type.Object({ profile_id: Uuid });
  const ItemParams = Type.Object({ profile_id: Uuid, [spec.idParam]: Uuid }) as TObject;
  const body = oneOrMany(schemas.input, schemas.batch, collection);
  const read = { scope: spec.read };
  const write = { scope: spec.write };

  return (app, { service }) => {
    app.post<{ Params: { profile_id: string }; Querystring: { scoring?: boolean } }>(
      `/profiles/:profile_id/${collection}`,
      {
        config: write,
        validatorCompiler: body.validatorCompiler,
        schema: {
          tags,
          summary: spec.summaries.ingest,
          params: ProfileParams,
          querystring: IngestQuery,
          body: body.schema,
          response: { 201: schemas.ingestResult, ...errorResponses },
        },
      },
      async (request, reply) => {
        const isBatch = body.isBatch(request.body);
        const inputs = isBatch
          ? ((request.body as Record<string, Input[]>)[collection] ?? [])
          : [request.body as Input];
        const result = await service.ingestForProfile(callerOf(request), request.params.profile_id, inputs, {
          scoring: request.query.scoring ?? true,
          isBatch,
        });
        return reply.code(201).send(toIngestJson(collection, result));
      },
    );

    app.post<{ Querystring: { scoring?: boolean }; Body: Record<string, (Input & object)[]> }>(
      `/${collection}`,
      {
        config: write,
        schema: {
          tags,
          summary: spec.summaries.feed,
          querystring: IngestQuery,
          body: schemas.feedBatch,
          response: { 201: schemas.ingestResult, ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await service.ingestFeed(callerOf(request), request.body[collection] ?? [], {
          scoring: request.query.scoring ?? true,
        });
        return reply.code(201).send(toIngestJson(collection, result));
      },
    );

    app.get<{ Params: { profile_id: string }; Querystring: ListQueryString }>(
      `/profiles/:profile_id/${collection}`,
      {
        config: read,
        schema: {
          tags,
          summary: spec.summaries.list,
          params: ProfileParams,
          querystring: schemas.listQuery,
          response: { 200: schemas.page, ...errorResponses },
        },
      },
      async (request) => {
        const { from, to } = request.query;
        const page = pageRequest(request.query, 'time');
        const filters = {
          fromMs: from === undefined ? undefined : readTimestamp(from),
          toMs: to === undefined ? undefined : readTimestamp(to),
          ...spec.filters(request.query),
        } as Filters;
        const rows = await service.list(callerOf(request), request.params.profile_id, filters, {
          afterId: page.afterId,
          afterAtMs: page.afterAtMs,
          limit: page.fetch,
        });
        return toPage(rows, page, spec.toJson, (item) => ({ id: item.id, atMs: item.occurredAtMs }));
      },
    );

    app.get<{ Params: Record<string, string> }>(
      `/profiles/:profile_id/${collection}/:${spec.idParam}`,
      {
        config: read,
        schema: {
          tags,
          summary: spec.summaries.get,
          params: ItemParams,
          response: { 200: schemas.item, ...errorResponses },
        },
      },
      async (request) => {
        const { profile_id: profileId, [spec.idParam]: itemId } = request.params;
        const item = await service.get(callerOf(request), profileId ?? '', itemId ?? '');
        return { ...spec.toJson(item), evaluation: item.evaluation };
      },
    );
    return Promise.resolve();
  };
}
