import { activityRoutes } from '../../ingest/activity.routes.js';
import type { Direction, Channel } from '../../domain/values/enums.js';
import {
  FeedBatch,
  IngestResponse,
  ListTransactionsQuery,
  TransactionBatch,
  TransactionInput,
  TransactionPage,
  TransactionResponse,
  toTransactionJson,
} from './transactions.schemas.js';

export const transactionsRoutes = activityRoutes({
  collection: 'transactions',
  idParam: 'transaction_id',
  tags: ['transactions'],
  read: 'transactions:read',
  write: 'transactions:write',
  summaries: {
    ingest:
      'Ingest one transaction or a batch of up to 1000 for a profile (all or nothing), scored in real time',
    feed: 'Bank feed: transactions of many profiles, each named by customer_id or profile_id (all or nothing)',
    list: "List a profile's transactions, newest first",
    get: 'Get one transaction',
  },
  schemas: {
    input: TransactionInput,
    batch: TransactionBatch,
    feedBatch: FeedBatch,
    listQuery: ListTransactionsQuery,
    page: TransactionPage,
    item: TransactionResponse,
    ingestResult: IngestResponse,
  },
  toJson: toTransactionJson,
  filters: (query) => ({
    direction: query.direction as Direction | undefined,
    channel: query.channel as Channel | undefined,
  }),
});
