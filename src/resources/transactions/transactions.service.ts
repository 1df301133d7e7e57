import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { Transaction } from '../../domain/activity.js';
import { METADATA_MAX_BYTES } from '../../domain/profiles/validity.js';
import { toMinorUnits } from '../../domain/values/money.js';
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
import type { FeedTransaction, TransactionInput } from './transactions.schemas.js';
import { toTransaction, type TransactionFilters, type TransactionsStore } from './transactions.store.js';
import type { TransactionRow } from './transactions.table.js';
import { isBeforeBirth, readTimestamp } from '../../domain/values/dates.js';

// Bank clocks drift; a transaction dated more than a day ahead is a feed error, not a future payment.
export const FUTURE_TOLERANCE_MS = 86_400_000;

interface Deps {
  db: Kysely<Database>;
  store: TransactionsStore;
  profiles: Pick<ProfilesStore, 'findById' | 'findMany' | 'markActivity'>;
  scorer: ActivityScorer;
  clock: Clock;
}

function toRow(
  ctx: TenantContext,
  profile: Profile,
  input: TransactionInput,
  path: string,
  nowMs: number,
): TransactionRow {
  const amountMinor = toMinorUnits(input.amount);
  if (amountMinor === undefined || amountMinor <= 0)
    throw invalidItem(path, 'amount', 'must be a positive number with at most 2 decimals');
  if (input.currency !== undefined && input.currency !== profile.currency) {
    throw invalidItem(path, 'currency', `must match the profile currency (${profile.currency})`);
  }
  const occurredAtMs = readTimestamp(input.occurred_at);
  if (occurredAtMs > nowMs + FUTURE_TOLERANCE_MS)
    throw invalidItem(path, 'occurred_at', 'must not be in the future');
  if (isBeforeBirth(occurredAtMs, profile.dateOfBirth))
    throw invalidItem(path, 'occurred_at', "must not be before the customer's date of birth");
  const balanceAfterMinor = input.balance_after === undefined ? null : toMinorUnits(input.balance_after);
  if (balanceAfterMinor === undefined)
    throw invalidItem(path, 'balance_after', 'must be a number with at most 2 decimals');
  const metadata = input.metadata === undefined ? null : JSON.stringify(input.metadata);
  if (metadata !== null && Buffer.byteLength(metadata) > METADATA_MAX_BYTES)
    throw invalidItem(path, 'metadata', 'must be at most 8 KiB');
  return {
    id: newId(),
    tenant_id: ctx.tenantId,
    environment: ctx.environment,
    profile_id: profile.id,
    external_id: input.external_id,
    occurred_at: occurredAtMs,
    amount_minor: amountMinor,
    direction: input.direction,
    channel: input.channel,
    counterparty_id: input.counterparty_id ?? null,
    counterparty_name: input.counterparty_name ?? null,
    counterparty_type: input.counterparty_type ?? null,
    counterparty_relationship: input.counterparty_relationship ?? null,
    counterparty_country: input.counterparty_country ?? null,
    merchant_category_code: input.merchant_category_code ?? null,
    description: input.description ?? null,
    country: input.country ?? null,
    device_id: input.device_id ?? null,
    initiated_by: input.initiated_by ?? null,
    balance_after_minor: balanceAfterMinor,
    metadata,
    created_at: nowMs,
    evaluation: null,
  };
}

export function createTransactionsService(deps: Deps) {
  const { db, store, profiles, scorer, clock } = deps;

  function ingest(
    ctx: TenantContext,
    resolve: (trx: Executor) => Promise<{ profile: Profile; input: TransactionInput; path: string }[]>,
    scoring: boolean,
  ): Promise<IngestResult> {
    const nowMs = clock.nowMs();
    return runIngest<TransactionRow>(db, {
      ctx,
      profiles,
      nowMs,
      kind: 'transactions',
      plan: async (trx) =>
        (await resolve(trx)).map(({ profile, input, path }) => ({
          profile,
          row: toRow(ctx, profile, input, path, nowMs),
        })),
      insertMany: (trx, rows) => store.insertMany(trx, rows),
      findIdsByExternalId: (trx, profileId, externalIds) =>
        store.findIdsByExternalId(trx, profileId, externalIds),
      score: scoring
        ? scoreInserted(scorer, ctx, toTransaction, (transactions) => ({ transactions, events: [] }))
        : undefined,
    });
  }

  const requireProfile = (executor: Executor, ctx: TenantContext, profileId: string, options = {}) =>
    requireSharedProfile(profiles, executor, ctx, profileId, options);

  return {
    ingestForProfile(
      ctx: TenantContext,
      profileId: string,
      inputs: TransactionInput[],
      options: { scoring: boolean; isBatch: boolean },
    ) {
      return ingest(
        ctx,
        async (trx) => {
          const profile = await requireProfile(trx, ctx, profileId, { forUpdate: true });
          return inputs.map((input, i) => ({
            profile,
            input,
            path: itemPath('transactions', i, options.isBatch),
          }));
        },
        options.scoring,
      );
    },

    ingestFeed(ctx: TenantContext, inputs: FeedTransaction[], options: { scoring: boolean }) {
      return ingest(
        ctx,
        async (trx) => {
          const resolved = await resolveFeedProfiles(trx, profiles, ctx, inputs, 'transactions');
          return inputs.map(({ customer_id, profile_id, ...input }, i) => ({
            profile: resolved[i] as Profile,
            input,
            path: itemPath('transactions', i, true),
          }));
        },
        options.scoring,
      );
    },

    async get(
      ctx: TenantContext,
      profileId: string,
      transactionId: string,
    ): Promise<Transaction & { evaluation: unknown }> {
      await requireProfile(db, ctx, profileId);
      const transaction = await store.findById(ctx.tenantId, ctx.environment, profileId, transactionId);
      if (!transaction) throw apiError('NOT_FOUND', 'transaction not found');
      return transaction;
    },

    async list(
      ctx: TenantContext,
      profileId: string,
      filters: TransactionFilters,
      page: { afterId?: string; afterAtMs?: number; limit: number },
    ) {
      await requireProfile(db, ctx, profileId);
      return store.list(ctx.tenantId, ctx.environment, profileId, filters, page);
    },
  };
}
export type TransactionsService = ReturnType<typeof createTransactionsService>;
