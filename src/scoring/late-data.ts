import type { TenantContext } from '../api/context.js';
import { buildBaseline } from '../domain/baseline/build-baseline.js';
import type { Baseline } from '../domain/baseline/baseline.js';
import { evidenceKey } from '../domain/detection/grouping.js';
import { DAY_MS, itemId, itemTime } from '../domain/detection/history.js';
import { reconcile, type SignalChange } from '../domain/detection/reconcile.js';
import {
  baselineAnchors,
  compareOrder,
  earliestLate,
  orderOf,
  replay,
  replayStart,
  type OrderKey,
} from '../domain/detection/replay.js';
import type { Evidence } from '../domain/detection/signal.js';
import { withoutSuppressed } from '../domain/detection/suppress.js';
import type { History, ScoredItem } from '../domain/detection/types.js';
import { isoTimestamp } from '../lib/clock.js';
import { newId } from '../lib/ids.js';
import type { Executor } from '../store/transaction.js';
import { collectEvaluations } from '../ingest/evaluations.js';
import { recordAudit } from '../resources/audit-events/audit-events.store.js';
import type { BaselinesStore } from '../resources/baselines/baselines.store.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import { toSignalEventJson } from '../resources/signals/signals.schemas.js';
import type { SignalRecord } from '../resources/signals/signal.js';
import { recordWebhookEvent } from '../resources/webhooks/webhooks.outbox.js';
import {
  evaluationJson,
  HISTORY_DAYS,
  itemsInOrder,
  loadHistory,
  refreshProfileRisk,
  skipReason,
  type ProfileScoringDeps,
  type ScoringEnv,
} from './profile.js';
import { profileFacts, scoringRules } from './profile-pass.js';
import { loadConfirmedCounterparties } from '../resources/watch-list/confirmations.js';

// Late data (issue 13, README "Late data"): an ingest that brings items older than items already
// scored for the profile re-scores the profile from the earliest point they can change, in item
// order, and brings the stored signals in line: evidence that now holds is added, evidence that no
// longer holds is retracted (kept in the signal's history, with when and why). The in-order path
// pays one scan of the items it added.

export interface LateDataDeps extends ProfileScoringDeps {
  baselines: BaselinesStore;
  profiles: Pick<ProfilesStore, 'updateScored' | 'updateRisk' | 'updateBaselineStatus'>;
}

export interface LateIngest {
  profile: Profile;
  /** The profile's history from HISTORY_DAYS before the earliest added item on, everything after it included. */
  history: History;
  /** The items this ingest added (scorable ones), already scored in arrival order. */
  added: readonly ScoredItem[];
  env: ScoringEnv;
  /** Called before a replay (not in the in-order case): writes what must be stored before it reads. */
  beforeReplay?: () => Promise<void>;
}

// Item IDs per lookup statement (well under SQLite's and PostgreSQL's bound-parameter limits).
const IDS_PER_LOOKUP = 500;

/**
 * The items of `history` this ingest did not add that sort after `from`, per table: the only items an
 * ingest starting at `from` can be late against. `history` is in item order and holds everything after
 * its start (the caller loads it to the end).
 */
function laterInMemory(history: History, addedIds: ReadonlySet<string>, from: OrderKey) {
  const later = (list: readonly { id: string; occurredAtMs: number }[]): string[] => {
    const ids: string[] = [];
    for (let i = list.length - 1; i >= 0; i--) {
      const item = list[i];
      if (!item || compareOrder({ atMs: item.occurredAtMs, id: item.id }, from) <= 0) break;
      if (!addedIds.has(item.id)) ids.push(item.id);
    }
    return ids;
  };
  return { transactions: later(history.transactions), account_events: later(history.events) };
}

/**
 * The latest of `later` (stored items of the profile) that scoring evaluated, by primary key: the
 * later items are mostly backfilled ones (never scored) when the ingest is in order.
 */
async function latestScoredStored(
  trx: Executor,
  ctx: TenantContext,
  profileId: string,
  later: Record<'transactions' | 'account_events', string[]>,
): Promise<OrderKey | undefined> {
  let latest: OrderKey | undefined;
  for (const table of ['transactions', 'account_events'] as const) {
    for (let i = 0; i < later[table].length; i += IDS_PER_LOOKUP) {
      const rows = await trx
        .selectFrom(table)
        .select(['id', 'occurred_at'])
        .where('id', 'in', later[table].slice(i, i + IDS_PER_LOOKUP))
        .where('tenant_id', '=', ctx.tenantId)
        .where('environment', '=', ctx.environment)
        .where('profile_id', '=', profileId)
        .where('evaluation', 'is not', null)
        .execute();
      for (const row of rows) {
        const key = { atMs: row.occurred_at, id: row.id };
        if (!latest || compareOrder(key, latest) > 0) latest = key;
      }
    }
  }
  return latest;
}

/**
 * The profile's items that were not scored when they arrived: skipped (api.md §5.1) or stored as
 * history with `?scoring=false` (no evaluation). In-order arrival never scored them, so a replay
 * keeps them as history only: scoring a backfilled item after the late one would give it an
 * evaluation, and make every later ingest of the profile late against it.
 */
async function notScoredAtArrival(
  trx: Executor,
  ctx: TenantContext,
  profileId: string,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const table of ['transactions', 'account_events'] as const) {
    const rows = await trx
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('environment', '=', ctx.environment)
      .where('profile_id', '=', profileId)
      .where((eb) => eb.or([eb('evaluation', 'is', null), eb('evaluation', 'like', '{"skipped"%')]))
      .execute();
    for (const r of rows) ids.add(r.id);
  }
  return ids;
}

const lateReason = (late: OrderKey) =>
  `re-scored in item order after ${late.id}, which occurred at ${isoTimestamp(late.atMs)}, arrived after later items`;

/**
 * Re-scores the profile when this ingest brought late items; returns the IDs of the signals it
 * changed (none in the in-order case, which returns at once).
 */
export async function rescoreLateData(
  trx: Executor,
  ctx: TenantContext,
  deps: LateDataDeps,
  ingest: LateIngest,
): Promise<SignalRecord[]> {
  const addedIds = new Set(ingest.added.map(itemId));
  const earliest = ingest.added.reduce<OrderKey | undefined>((min, item) => {
    const key = orderOf(item);
    return min === undefined || compareOrder(key, min) < 0 ? key : min;
  }, undefined);
  if (!earliest) return [];
  const later = laterInMemory(ingest.history, addedIds, earliest);
  if (later.transactions.length === 0 && later.account_events.length === 0) return [];
  // Late only against items that were scored: backfilled history (?scoring=false) after the new items
  // was never judged, so there is nothing to re-score or retract (one query, only when later items exist).
  const late = earliestLate(ingest.added, await latestScoredStored(trx, ctx, ingest.profile.id, later));
  if (!late) return [];
  await ingest.beforeReplay?.();
  const { profile, env } = ingest;
  const { tenantId, environment } = ctx;
  // The open signals decide where the replay starts; then the reviewed ones from there on are loaded too.
  const open = await deps.signals.listForReplay(
    trx,
    tenantId,
    environment,
    profile.id,
    Number.MAX_SAFE_INTEGER,
  );
  const startMs = replayStart(late, open, env.settings.groupingWindowDays);
  const stored = await deps.signals.listForReplay(trx, tenantId, environment, profile.id, startMs);
  const history =
    startMs < late.atMs
      ? await loadHistory(trx, ctx, deps, profile.id, {
          fromMs: startMs - HISTORY_DAYS * DAY_MS,
          toMs: Number.MAX_SAFE_INTEGER,
        })
      : ingest.history;

  // Items not scored when they arrived (a SUSPENDED or CLOSED profile then, or backfilled) stay unscored.
  const unscored = await notScoredAtArrival(trx, ctx, profile.id);
  const scorable = itemsInOrder(history.transactions, history.events).filter(
    (item) => skipReason(profile, itemTime(item)) === undefined && !unscored.has(itemId(item)),
  );
  const items = scorable.filter((item) => itemTime(item) >= startMs);
  const rebuilt = open.filter((s) => s.lastSeenMs >= startMs);
  const fixed = open.filter((s) => s.lastSeenMs < startMs);
  const reviewed = stored.filter((s) => s.status !== 'ACTIVE');

  // The baseline each item had in order, rebuilt from everything known now (README "Late data").
  const anchors = baselineAnchors(scorable);
  const excluded = await deps.signals.confirmedEvidenceTransactionIds(trx, tenantId, environment, profile.id);
  const built = new Map<number, Baseline>();
  const baselineAt = (asOfMs: number): Baseline => {
    let baseline = built.get(asOfMs);
    if (!baseline) {
      baseline = buildBaseline({
        transactions: history.transactions,
        asOfMs,
        lookbackDays: env.settings.baselineLookbackDays,
        excludedTransactionIds: excluded,
      });
      built.set(asOfMs, baseline);
    }
    return baseline;
  };

  const { rules, threshold, requireCorroboration } = scoringRules(environment, profile, env);
  const suppressions =
    (await deps.suppressions?.listActive(trx, tenantId, environment, profile.id, env.nowMs)) ?? [];
  const replayed = replay({
    profileId: profile.id,
    facts: profileFacts(profile),
    history,
    settings: { highRiskCountries: new Set(env.settings.highRiskCountries) },
    rules,
    threshold,
    groupingWindowDays: env.settings.groupingWindowDays,
    requireCorroboration,
    items,
    baselineFor: (item) => baselineAt(anchors.get(itemId(item)) ?? itemTime(item)),
    fixed,
    heldKeys: new Set(reviewed.flatMap((s) => s.evidence.map(evidenceKey))),
    raisable: (score, item) => withoutSuppressed(score, item, profile.id, suppressions, env.nowMs),
    debitAmounts: new Map(
      history.transactions.filter((t) => t.direction === 'DEBIT').map((t) => [t.id, t.amountMinor]),
    ),
    confirmedCounterparties: await loadConfirmedCounterparties(trx, ctx, deps.watchList, {
      profileId: profile.id,
      settings: env.settings,
    }),
  });
  const { changes, storedIdOf } = reconcile({
    open: rebuilt,
    reviewed,
    replayed: replayed.signals,
    items: replayed.items,
    threshold,
    fromMs: startMs,
  });
  // Stored signals keep their IDs; signals the replay opens get new ones.
  const ids = new Map(changes.filter((c) => c.isNew).map((c) => [c.id, newId()]));
  const idOf = (replayId: string) => storedIdOf.get(replayId) ?? ids.get(replayId) ?? null;

  const evaluations = collectEvaluations(deps.writeEvaluations);
  for (const { item, score, signalId } of replayed.items)
    evaluations.add(item, evaluationJson(score, env.settings.signalThreshold, signalId && idOf(signalId)));
  await evaluations.flush(trx);

  const reason = lateReason(late);
  const movedTo = new Map<string, string>();
  for (const c of changes) for (const e of c.added) movedTo.set(evidenceKey(e), ids.get(c.id) ?? c.id);
  const written: SignalRecord[] = [];
  // Retractions first: evidence regrouped into another signal leaves the first one before it joins.
  for (const c of changes) {
    const id = ids.get(c.id) ?? c.id;
    await deps.signals.retractEvidence(
      trx,
      tenantId,
      environment,
      id,
      c.retracted.map((e) => ({ evidence: e, reason: retractionReason(e, movedTo, reason) })),
      env.nowMs,
    );
  }
  for (const c of changes)
    written.push(
      await apply(trx, ctx, deps, { change: c, id: ids.get(c.id) ?? c.id, profile, stored, env, reason }),
    );

  // The profile's stored baseline becomes the one in-order arrival would have left.
  const last = scorable[scorable.length - 1];
  if (last) {
    const baseline = baselineAt(anchors.get(itemId(last)) ?? itemTime(last));
    await deps.baselines.upsert(trx, tenantId, environment, {
      profileId: profile.id,
      baseline,
      computedAtMs: env.nowMs,
    });
    await deps.profiles.updateBaselineStatus(trx, tenantId, environment, profile.id, baseline.status);
  }
  if (changes.length > 0) await refreshProfileRisk(trx, ctx, deps, profile.id, env.nowMs);
  return written;
}

function retractionReason(e: Evidence, movedTo: ReadonlyMap<string, string>, reason: string): string {
  const target = movedTo.get(evidenceKey(e));
  return target === undefined ? `no longer holds: ${reason}` : `regrouped into signal ${target}: ${reason}`;
}

async function apply(
  trx: Executor,
  ctx: TenantContext,
  deps: LateDataDeps,
  args: {
    change: SignalChange;
    id: string;
    profile: Profile;
    stored: readonly SignalRecord[];
    env: ScoringEnv;
    reason: string;
  },
): Promise<SignalRecord> {
  const { change, id, profile, env } = args;
  const { tenantId, environment } = ctx;
  const before = args.stored.find((s) => s.id === id);
  const describe = (list: readonly Evidence[]) => list.map((e) => `${e.ruleName} on ${e.itemId}`);
  const changes: Record<string, [unknown, unknown]> = { late_data: [null, args.reason] };
  if (change.added.length > 0) changes.evidence = [null, describe(change.added)];
  if (change.retracted.length > 0) changes.retracted_evidence = [null, describe(change.retracted)];

  let record: SignalRecord;
  if (change.state === null) {
    if (!before) throw new Error(`late data: signal ${id} to retract was not loaded`);
    await deps.signals.markRetracted(trx, tenantId, environment, {
      id,
      atMs: env.nowMs,
      reason: args.reason,
    });
    record = {
      ...before,
      status: before.review === null ? 'DISMISSED' : before.status,
      evidence: [],
      evidenceTotal: 0,
      retractedAtMs: env.nowMs,
      retractionReason: args.reason,
      updatedAtMs: env.nowMs,
    };
    changes.status = [before.status, record.status];
    changes.retracted_at = [null, isoTimestamp(env.nowMs)];
  } else if (change.reviewed) {
    record = { ...(before ?? (change.state as SignalRecord)), updatedAtMs: env.nowMs };
    record.evidence = record.evidence.filter(
      (e) => !change.retracted.some((r) => evidenceKey(r) === evidenceKey(e)),
    );
    record.evidenceTotal = record.evidence.length;
  } else {
    record = {
      ...change.state,
      id,
      customerId: profile.customerId,
      batchRunId: before?.batchRunId ?? null,
      createdAtMs: before?.createdAtMs ?? env.nowMs,
      updatedAtMs: env.nowMs,
    };
    if (change.isNew) await deps.signals.insert(trx, tenantId, environment, record);
    else await deps.signals.update(trx, tenantId, environment, record);
    await deps.signals.insertEvidence(trx, tenantId, environment, id, change.added);
    await deps.signals.refreshEvidence(trx, tenantId, environment, id, change.refreshed);
    if (before) {
      changes.score = [before.score, record.score];
      changes.severity = [before.severity, record.severity];
    }
  }
  await recordAudit(trx, ctx, env.nowMs, {
    action: change.isNew ? 'signal.created' : change.state === null ? 'signal.retracted' : 'signal.updated',
    resourceType: 'signal',
    resourceId: id,
    changes,
  });
  await recordWebhookEvent(
    trx,
    ctx,
    change.isNew ? 'signal.created' : 'signal.updated',
    toSignalEventJson(record),
    env.nowMs,
  );
  return record;
}
