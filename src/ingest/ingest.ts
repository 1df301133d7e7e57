import type { Kysely } from 'kysely';
import type { TenantContext } from '../api/context.js';
import { apiError } from '../api/errors.js';
import { newId } from '../lib/ids.js';
import type { Database } from '../store/database.js';
import { withTransaction, type Executor } from '../store/transaction.js';
import { recordAudit } from '../resources/audit-events/audit-events.store.js';
import type { ActivityScorer, ScoredActivity, ScoringOutcome } from '../scoring/port.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';

/** Where an item sits in the request body, for messages: "" for a single object, "transactions[3]." in a batch. */
export function itemPath(collection: string, index: number, isBatch: boolean): string {
  return isBatch ? `${collection}[${index}].` : '';
}

export function invalidItem(path: string, field: string, problem: string) {
  const name = `${path}${field}`;
  return apiError('VALIDATION_ERROR', `${name} ${problem}`, [{ field: name, message: `${name} ${problem}` }]);
}

export interface FeedItemName {
  customer_id?: string;
  profile_id?: string;
}

/**
 * The profile of every feed item, in one query; a feed naming an unknown customer is refused whole,
 * naming the first unknown one (api.md §5.2: all-or-nothing).
 */
export async function resolveFeedProfiles(
  trx: Executor,
  profiles: Pick<ProfilesStore, 'findMany'>,
  ctx: TenantContext,
  items: readonly FeedItemName[],
  collection: string,
): Promise<Profile[]> {
  items.forEach((item, index) => {
    if (item.customer_id === undefined && item.profile_id === undefined) {
      throw invalidItem(itemPath(collection, index, true), 'customer_id', 'or profile_id is required');
    }
  });
  const customerIds = [
    ...new Set(
      items.flatMap((i) =>
        i.profile_id === undefined && i.customer_id !== undefined ? [i.customer_id] : [],
      ),
    ),
  ];
  const ids = [
    ...new Set(items.flatMap((i) => (i.profile_id === undefined ? [] : [i.profile_id.toLowerCase()]))),
  ];
  // Scoring groups new evidence into a profile's open signals: one ingest per profile at a time.
  const found = await profiles.findMany(
    trx,
    ctx.tenantId,
    ctx.environment,
    { customerIds, ids },
    { forUpdate: true },
  );
  const byCustomerId = new Map(found.map((p) => [p.customerId, p]));
  const byId = new Map(found.map((p) => [p.id, p]));
  return items.map((item, index) => {
    const profile =
      item.profile_id === undefined
        ? byCustomerId.get(item.customer_id ?? '')
        : byId.get(item.profile_id.toLowerCase());
    if (!profile) {
      const named =
        item.profile_id === undefined
          ? `customer_id ${item.customer_id ?? ''}`
          : `profile_id ${item.profile_id}`;
      throw apiError('PROFILE_NOT_FOUND', `profile not found: ${named} (${collection}[${index}])`);
    }
    if (
      item.profile_id !== undefined &&
      item.customer_id !== undefined &&
      item.customer_id !== profile.customerId
    ) {
      throw invalidItem(
        itemPath(collection, index, true),
        'customer_id',
        'does not match the profile named by profile_id',
      );
    }
    return profile;
  });
}

export interface IngestedItem {
  id: string;
  externalId: string;
  profileId: string;
  duplicate: boolean;
}

/**
 * Which items were stored and which were duplicates, with the stored ID of each: an item whose row
 * was not inserted is a duplicate of the row that holds its (profile, external_id).
 */
export async function reportIngest(
  planned: readonly { id: string; externalId: string; profileId: string }[],
  inserted: ReadonlySet<string>,
  findExisting: (profileId: string, externalIds: string[]) => Promise<Map<string, string>>,
): Promise<IngestedItem[]> {
  const missingByProfile = new Map<string, string[]>();
  for (const item of planned) {
    if (inserted.has(item.id)) continue;
    missingByProfile.set(item.profileId, [...(missingByProfile.get(item.profileId) ?? []), item.externalId]);
  }
  const existing = new Map<string, string>();
  for (const [profileId, externalIds] of missingByProfile) {
    for (const [externalId, id] of await findExisting(profileId, externalIds))
      existing.set(`${profileId}|${externalId}`, id);
  }
  return planned.map((item) =>
    inserted.has(item.id)
      ? { ...item, duplicate: false }
      : { ...item, id: existing.get(`${item.profileId}|${item.externalId}`) ?? item.id, duplicate: true },
  );
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  items: (IngestedItem & { signalIds: string[] })[];
  signals: unknown[];
}

interface StoredRow {
  id: string;
  external_id: string;
  profile_id: string;
}

export interface IngestPlan<Row extends StoredRow> {
  ctx: TenantContext;
  profiles: Pick<ProfilesStore, 'markActivity'>;
  nowMs: number;
  /** 'transactions' or 'events': names the audit action. */
  kind: string;
  /** Resolves profiles and builds validated rows; throws the request's 4xx before anything is written. */
  plan(trx: Executor): Promise<{ profile: Profile; row: Row }[]>;
  insertMany(trx: Executor, rows: readonly Row[]): Promise<Set<string>>;
  findIdsByExternalId(
    trx: Executor,
    profileId: string,
    externalIds: readonly string[],
  ): Promise<Map<string, string>>;
  /** Real-time scoring of the new rows, or undefined for a backfill (?scoring=false). */
  score:
    | ((
        trx: Executor,
        inserted: { profile: Profile; row: Row }[],
        activityVersion: string,
      ) => Promise<ScoringOutcome>)
    | undefined;
}

/**
 * One ingest request in one database transaction (api.md §5.2): plan and validate every item, insert
 * the batch, report duplicates with their stored IDs, audit once, and score what is new.
 */
export async function runIngest<Row extends StoredRow>(
  db: Kysely<Database>,
  p: IngestPlan<Row>,
): Promise<IngestResult> {
  return withTransaction(db, async (trx) => {
    const planned = await p.plan(trx);
    const rows = planned.map((item) => item.row);
    const inserted = await p.insertMany(trx, rows);
    const report = await reportIngest(
      rows.map((r) => ({ id: r.id, externalId: r.external_id, profileId: r.profile_id })),
      inserted,
      (profileId, externalIds) => p.findIdsByExternalId(trx, profileId, externalIds),
    );
    const accepted = inserted.size;
    const activityVersion = newId();
    const touched = new Set(
      planned.filter((item) => inserted.has(item.row.id)).map((item) => item.profile.id),
    );
    await p.profiles.markActivity(trx, p.ctx.tenantId, p.ctx.environment, [...touched], activityVersion);
    await recordAudit(trx, p.ctx, p.nowMs, {
      action: `${p.kind}.ingested`,
      resourceType: `${p.kind}_batch`,
      resourceId: newId(),
      changes: {
        accepted: [null, accepted],
        duplicates: [null, rows.length - accepted],
        scoring: [null, p.score !== undefined],
      },
    });
    const scored = p.score
      ? await p.score(
          trx,
          planned.filter((item) => inserted.has(item.row.id)),
          activityVersion,
        )
      : undefined;
    return {
      accepted,
      duplicates: rows.length - accepted,
      items: report.map((item) => ({ ...item, signalIds: scored?.signalIdsByItem.get(item.id) ?? [] })),
      signals: scored?.signals ?? [],
    };
  });
}

/** Groups new items by profile, the unit the scorer works on. */
export function groupByProfile<T>(
  items: readonly { profile: Profile; item: T }[],
): { profile: Profile; items: T[] }[] {
  const groups = new Map<string, { profile: Profile; items: T[] }>();
  for (const { profile, item } of items) {
    const group = groups.get(profile.id) ?? { profile, items: [] };
    group.items.push(item);
    groups.set(profile.id, group);
  }
  return [...groups.values()];
}

/** The profile a profile-scoped route names, or 404 PROFILE_NOT_FOUND. */
export async function requireProfile(
  profiles: Pick<ProfilesStore, 'findById'>,
  executor: Executor,
  ctx: TenantContext,
  profileId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Profile> {
  const profile = await profiles.findById(executor, ctx.tenantId, ctx.environment, profileId, options);
  if (!profile) throw apiError('PROFILE_NOT_FOUND');
  return profile;
}

/** Real-time scoring of the rows an ingest inserted, one group per profile (IngestPlan.score). */
export function scoreInserted<Row, Item>(
  scorer: ActivityScorer,
  ctx: TenantContext,
  toItem: (row: Row) => Item,
  asActivity: (items: Item[]) => Pick<ScoredActivity, 'transactions' | 'events'>,
) {
  return (
    trx: Executor,
    inserted: { profile: Profile; row: Row }[],
    activityVersion: string,
  ): Promise<ScoringOutcome> =>
    scorer.score(
      trx,
      ctx,
      groupByProfile(inserted.map(({ profile, row }) => ({ profile, item: toItem(row) }))).map((g) => ({
        profile: g.profile,
        activityVersion,
        ...asActivity(g.items),
      })),
    );
}
