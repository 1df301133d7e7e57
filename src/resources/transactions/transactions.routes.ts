import { mostUrgent, type RecommendedAction } from '../../domain/detection/recommended-action.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import { oneOrMany } from '../../api/validation.js';
import type { IngestResult } from '../activity/ingest.js';
import type { TransactionsService } from './transactions.service.js';
import {
  FeedBatch,
  IngestQuery,
  IngestResponse,
  ListTransactionsQuery,
  TransactionBatch,
  TransactionInput,
  TransactionPage,
  TransactionParams,
  TransactionResponse,
  toTransactionJson,
} from './transactions.schemas.js';
import { readTimestamp } from '../../domain/values/dates.js';

const ProfileParams = Type.Object({ profile_id: TransactionParams.properties.profile_id });
const body = oneOrMany(TransactionInput, TransactionBatch, 'transactions');

/**
 * The item's scoring verdict for the bank's payment flow (issue 13): the most urgent signal this
 * request raised or joined with the item, or null; scored before the response, so a HOLD_PAYMENT
 * can stop the payment it describes.
 */
function scoringOf(signalIds: readonly string[], actions: ReadonlyMap<string, RecommendedAction>) {
  const best = mostUrgent(
    signalIds.flatMap((id) => {
      const recommendedAction = actions.get(id);
      return recommendedAction === undefined ? [] : [{ id, recommendedAction }];
    }),
  );
  return best === undefined ? null : { signal_id: best.id, recommended_action: best.recommendedAction };
}

export function toIngestJson(result: IngestResult) {
  const actions = new Map(
    (result.signals as { id: string; recommended_action: RecommendedAction }[]).map((s) => [
      s.id,
      s.recommended_action,
    ]),
  );
  return {
    accepted: result.accepted,
    duplicates: result.duplicates,
    transactions: result.items.map((i) => ({
      id: i.id,
      external_id: i.externalId,
      duplicate: i.duplicate,
      signal_ids: i.signalIds,
      scoring: scoringOf(i.signalIds, actions),
    })),
    signals: result.signals,
  };
}

export const transactionsRoutes: FastifyPluginAsyncTypebox<{ service: TransactionsService }> = (
  app,
  { service },
) => {
  const read = { scope: 'transactions:read' } as const;
  const write = { scope: 'transactions:write' } as const;
  const tags = ['transactions'];

  app.post(
    '/profiles/:profile_id/transactions',
    {
      config: write,
      validatorCompiler: body.validatorCompiler,
      schema: {
        tags,
        summary:
          'Ingest one transaction or a batch of up to 1000 for a profile (all or nothing), scored in real time',
        params: ProfileParams,
        querystring: IngestQuery,
        body: Type.Unsafe<TransactionInput | { transactions: TransactionInput[] }>(body.schema),
        response: { 201: IngestResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const isBatch = body.isBatch(request.body);
      const inputs = isBatch
        ? (request.body as { transactions: TransactionInput[] }).transactions
        : [request.body as TransactionInput];
      const result = await service.ingestForProfile(callerOf(request), request.params.profile_id, inputs, {
        scoring: request.query.scoring ?? true,
        isBatch,
      });
      return reply.code(201).send(toIngestJson(result));
    },
  );

  app.post(
    '/transactions',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Bank feed: transactions of many profiles, each named by customer_id or profile_id (all or nothing)',
        querystring: IngestQuery,
        body: FeedBatch,
        response: { 201: IngestResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const result = await service.ingestFeed(callerOf(request), request.body.transactions, {
        scoring: request.query.scoring ?? true,
      });
      return reply.code(201).send(toIngestJson(result));
    },
  );

  app.get(
    '/profiles/:profile_id/transactions',
    {
      config: read,
      schema: {
        tags,
        summary: "List a profile's transactions, newest first",
        params: ProfileParams,
        querystring: ListTransactionsQuery,
        response: { 200: TransactionPage, ...errorResponses },
      },
    },
    async (request) => {
      const { from, to, direction, channel } = request.query;
      const page = pageRequest(request.query, 'time');
      const rows = await service.list(
        callerOf(request),
        request.params.profile_id,
        {
          fromMs: from === undefined ? undefined : readTimestamp(from),
          toMs: to === undefined ? undefined : readTimestamp(to),
          direction,
          channel,
        },
        { afterId: page.afterId, afterAtMs: page.afterAtMs, limit: page.fetch },
      );
      return toPage(rows, page, toTransactionJson, (t) => ({ id: t.id, atMs: t.occurredAtMs }));
    },
  );

  app.get(
    '/profiles/:profile_id/transactions/:transaction_id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get one transaction',
        params: TransactionParams,
        response: { 200: TransactionResponse, ...errorResponses },
      },
    },
    async (request) => {
      const transaction = await service.get(
        callerOf(request),
        request.params.profile_id,
        request.params.transaction_id,
      );
      return { ...toTransactionJson(transaction), evaluation: transaction.evaluation as never };
    },
  );
  return Promise.resolve();
};
