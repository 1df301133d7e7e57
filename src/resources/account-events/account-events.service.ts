import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { AccountEvent } from '../../domain/activity.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import {
  requireProfile as requireSharedProfile,
  scoreInserted,
  invalidItem,
  itemPath,
  resolveFeedProfiles,
  runIngest,
  type IngestResult,
} from '../activity/ingest.js';
import type { ActivityScorer } from '../../scoring/port.js';
import type { Profile } from '../profiles/profile.js';
import type { ProfilesStore } from '../profiles/profiles.store.js';
import { FUTURE_TOLERANCE_MS } from '../transactions/transactions.service.js';
import type { AccountEventInput, FeedAccountEvent } from './account-events.schemas.js';
import { toAccountEvent, type AccountEventFilters, type AccountEventsStore } from './account-events.store.js';
import type { AccountEventRow } from './account-events.table.js';
import { isBeforeBirth, readTimestamp } from '../../domain/values/dates.js';

const DETAILS_MAX_BYTES = 8 * 1024;

function toRow(
  ctx: TenantContext,
  profile: Profile,
  input: AccountEventInput,
  path: string,
  nowMs: number,
): AccountEventRow {
  const occurredAtMs = readTimestamp(input.occurred_at);
  if (occurredAtMs > nowMs + FUTURE_TOLERANCE_MS)
    throw invalidItem(path, 'occurred_at', 'must not be in the future');
  if (isBeforeBirth(occurredAtMs, profile.dateOfBirth))
    throw invalidItem(path, 'occurred_at', "must not be before the customer's date of birth");
  const details = input.details === undefined ? null : JSON.stringify(input.details);
  if (details !== null && Buffer.byteLength(details) > DETAILS_MAX_BYTES)
    throw invalidItem(path, 'details', 'must be at most 8 KiB');
  return {
    id: newId(),
    tenant_id: ctx.tenantId,
    environment: ctx.environment,
    profile_id: profile.id,
    external_id: input.external_id,
    occurred_at: occurredAtMs,
    event_type: input.event_type,
    party_id: input.party_id ?? null,
    party_name: input.party_name ?? null,
    device_id: input.device_id ?? null,
    country: input.country ?? null,
    details,
    created_at: nowMs,
    evaluation: null,
  };
}

interface Deps {
  db: Kysely<Database>;
  store: AccountEventsStore;
  profiles: Pick<ProfilesStore, 'findById' | 'findMany' | 'markActivity'>;
  scorer: ActivityScorer;
  clock: Clock;
}

/** Account events (api.md §5.3): the same all-or-nothing, deduplicated, scored ingestion as transactions. */
export function createAccountEventsService(deps: Deps) {
  const { db, store, profiles, scorer, clock } = deps;

  const requireProfile = (executor: Executor, ctx: TenantContext, profileId: string, options = {}) =>
    requireSharedProfile(profiles, executor, ctx, profileId, options);

  function ingest(
    ctx: TenantContext,
    resolve: (trx: Executor) => Promise<{ profile: Profile; input: AccountEventInput; path: string }[]>,
    scoring: boolean,
  ): Promise<IngestResult> {
    const nowMs = clock.nowMs();
    return runIngest<AccountEventRow>(db, {
      ctx,
      profiles,
      nowMs,
      kind: 'events',
      plan: async (trx) =>
        (await resolve(trx)).map(({ profile, input, path }) => ({
          profile,
          row: toRow(ctx, profile, input, path, nowMs),
        })),
      insertMany: (trx, rows) => store.insertMany(trx, rows),
      findIdsByExternalId: (trx, profileId, externalIds) =>
        store.findIdsByExternalId(trx, profileId, externalIds),
      score: scoring
        ? scoreInserted(scorer, ctx, toAccountEvent, (events) => ({ transactions: [], events }))
        : undefined,
    });
  }

  return {
    ingestForProfile(
      ctx: TenantContext,
      profileId: string,
      inputs: AccountEventInput[],
      options: { scoring: boolean; isBatch: boolean },
    ) {
      return ingest(
        ctx,
        async (trx) => {
          const profile = await requireProfile(trx, ctx, profileId, { forUpdate: true });
          return inputs.map((input, i) => ({ profile, input, path: itemPath('events', i, options.isBatch) }));
        },
        options.scoring,
      );
    },

    ingestFeed(ctx: TenantContext, inputs: FeedAccountEvent[], options: { scoring: boolean }) {
      return ingest(
        ctx,
        async (trx) => {
          const resolved = await resolveFeedProfiles(trx, profiles, ctx, inputs, 'events');
          return inputs.map(({ customer_id, profile_id, ...input }, i) => ({
            profile: resolved[i] as Profile,
            input,
            path: itemPath('events', i, true),
          }));
        },
        options.scoring,
      );
    },

    async get(
      ctx: TenantContext,
      profileId: string,
      eventId: string,
    ): Promise<AccountEvent & { evaluation: unknown }> {
      await requireProfile(db, ctx, profileId);
      const event = await store.findById(ctx.tenantId, ctx.environment, profileId, eventId);
      if (!event) throw apiError('NOT_FOUND', 'event not found');
      return event;
    },

    async list(
      ctx: TenantContext,
      profileId: string,
      filters: AccountEventFilters,
      page: { afterId?: string; afterAtMs?: number; limit: number },
    ) {
      await requireProfile(db, ctx, profileId);
      return store.list(ctx.tenantId, ctx.environment, profileId, filters, page);
    },
  };
}
export type AccountEventsService = ReturnType<typeof createAccountEventsService>;
