import { activityRoutes } from '../../ingest/activity.routes.js';
import type { EventType } from '../../domain/values/enums.js';
import {
  AccountEventBatch,
  AccountEventInput,
  AccountEventPage,
  AccountEventResponse,
  EventIngestResponse,
  FeedEventBatch,
  ListAccountEventsQuery,
  toAccountEventJson,
} from './account-events.schemas.js';

export const accountEventsRoutes = activityRoutes({
  collection: 'events',
  idParam: 'event_id',
  tags: ['account-events'],
  read: 'transactions:read',
  write: 'transactions:write',
  summaries: {
    ingest: 'Ingest one account event or a batch of up to 1000 (all or nothing), scored in real time',
    feed: 'Bank feed: account events of many profiles, each named by customer_id or profile_id (all or nothing)',
    list: "List a profile's account events, newest first",
    get: 'Get one account event',
  },
  schemas: {
    input: AccountEventInput,
    batch: AccountEventBatch,
    feedBatch: FeedEventBatch,
    listQuery: ListAccountEventsQuery,
    page: AccountEventPage,
    item: AccountEventResponse,
    ingestResult: EventIngestResponse,
  },
  toJson: toAccountEventJson,
  filters: (query) => ({ eventType: query.event_type as EventType | undefined }),
});
