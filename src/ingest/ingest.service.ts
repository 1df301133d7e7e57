import type { Kysely } from 'kysely';
import type { TenantContext } from '../api/context.js';
import { apiError } from '../api/errors.js';
import type { Clock } from '../lib/clock.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import type { ActivityScorer, ScoredActivity } from '../scoring/port.js';
import type { Database } from '../store/database.js';
import type { Executor } from '../store/transaction.js';
import type { ActivityStore, TimeRangeFilters } from './activity.store.js';
import {
  itemPath,
  requireProfile as requireSharedProfile,
  resolveFeedProfiles,
  runIngest,
  scoreInserted,
  type FeedItemName,
  type IngestResult,
} from './ingest.js';

/** What makes transactions and account events different kinds of activity; everything else is shared. */
export interface ActivityKind<Input, Row, Item> {
  /** The body's list key and the audit action's prefix: "transactions" or "events". */
  collection: 'transactions' | 'events';
  /** The 404 message of a missing item. */
  notFound: string;
  /** Validates one item and builds its row; throws the request's 400 naming the item's path. */
  toRow: (ctx: TenantContext, profile: Profile, input: Input, path: string, nowMs: number) => Row;
  toItem: (row: Row) => Item;
  /** The scorer's view of a profile's new items of this kind. */
  asActivity: (items: Item[]) => Pick<ScoredActivity, 'transactions' | 'events'>;
}

export interface IngestDeps<Row, Item, Filters extends TimeRangeFilters> {
  db: Kysely<Database>;
  store: ActivityStore<Row, Item, Filters>;
  profiles: Pick<ProfilesStore, 'findById' | 'findMany' | 'markActivity'>;
  scorer: ActivityScorer;
  clock: Clock;
}

interface Planned<Input> {
  profile: Profile;
  input: Input;
  path: string;
}

/**
 * The one ingest path of api.md §5.2–5.3: a profile's items or a bank feed naming profiles, all or
 * nothing, deduplicated by external ID, scored in the request; reads of one item and of a page.
 */
export function createIngestService<
  Input,
  Row extends { id: string; external_id: string; profile_id: string },
  Item,
  Filters extends TimeRangeFilters,
>(kind: ActivityKind<Input, Row, Item>, deps: IngestDeps<Row, Item, Filters>) {
  const { db, store, profiles, scorer, clock } = deps;
  const { collection } = kind;

  function ingest(
    ctx: TenantContext,
    resolve: (trx: Executor) => Promise<Planned<Input>[]>,
    scoring: boolean,
  ): Promise<IngestResult> {
    const nowMs = clock.nowMs();
    return runIngest<Row>(db, {
      ctx,
      profiles,
      nowMs,
      kind: collection,
      plan: async (trx) =>
        (await resolve(trx)).map(({ profile, input, path }) => ({
          profile,
          row: kind.toRow(ctx, profile, input, path, nowMs),
        })),
      insertMany: (trx, rows) => store.insertMany(trx, rows),
      findIdsByExternalId: (trx, profileId, externalIds) =>
        store.findIdsByExternalId(trx, profileId, externalIds),
      score: scoring ? scoreInserted(scorer, ctx, kind.toItem, kind.asActivity) : undefined,
    });
  }

  const requireProfile = (executor: Executor, ctx: TenantContext, profileId: string, options = {}) =>
    requireSharedProfile(profiles, executor, ctx, profileId, options);

  return {
    ingestForProfile(
      ctx: TenantContext,
      profileId: string,
      inputs: Input[],
      options: { scoring: boolean; isBatch: boolean },
    ) {
      return ingest(
        ctx,
        async (trx) => {
          const profile = await requireProfile(trx, ctx, profileId, { forUpdate: true });
          return inputs.map((input, i) => ({
            profile,
            input,
            path: itemPath(collection, i, options.isBatch),
          }));
        },
        options.scoring,
      );
    },

    ingestFeed(ctx: TenantContext, inputs: (Input & FeedItemName)[], options: { scoring: boolean }) {
      return ingest(
        ctx,
        async (trx) => {
          const resolved = await resolveFeedProfiles(trx, profiles, ctx, inputs, collection);
          return inputs.map(({ customer_id, profile_id, ...input }, i) => ({
            profile: resolved[i] as Profile,
            input: input as Input,
            path: itemPath(collection, i, true),
          }));
        },
        options.scoring,
      );
    },

    async get(
      ctx: TenantContext,
      profileId: string,
      itemId: string,
    ): Promise<Item & { evaluation: unknown }> {
      await requireProfile(db, ctx, profileId);
      const item = await store.findById(ctx.tenantId, ctx.environment, profileId, itemId);
      if (!item) throw apiError('NOT_FOUND', kind.notFound);
      return item;
    },

    async list(
      ctx: TenantContext,
      profileId: string,
      filters: Filters,
      page: { afterId?: string; afterAtMs?: number; limit: number },
    ) {
      await requireProfile(db, ctx, profileId);
      return store.list(ctx.tenantId, ctx.environment, profileId, filters, page);
    },
  };
}
