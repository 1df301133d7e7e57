import type { TenantContext } from '../api/context.js';
import type { Baseline } from '../domain/baseline/baseline.js';
import { buildBaseline } from '../domain/baseline/build-baseline.js';
import { DAY_MS, itemId, itemTime } from '../domain/detection/history.js';
import type { Executor } from '../store/transaction.js';
import type { BaselinesStore } from '../resources/baselines/baselines.store.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import type { ScoredItem } from '../domain/detection/types.js';
import {
  evaluationJson,
  HISTORY_DAYS,
  itemsInOrder,
  loadHistory,
  openProfileScoring,
  skipReason,
  type ProfileScoringDeps,
  type ScoringEnv,
} from './profile.js';
import type { BatchRunRequest } from '../resources/batch-runs/batch-run.js';
import { collectEvaluations } from '../resources/activity/evaluations.js';

export interface BatchScoringDeps extends ProfileScoringDeps {
  profiles: Pick<ProfilesStore, 'findById' | 'updateScored' | 'updateBaselineStatus'>;
  baselines: BaselinesStore;
}

export interface ProfileCounts {
  transactionsScored: number;
  signalsCreated: number;
  signalsUpdated: number;
}

const NOTHING: ProfileCounts = { transactionsScored: 0, signalsCreated: 0, signalsUpdated: 0 };

async function baselineFor(
  trx: Executor,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  args: {
    profileId: string;
    request: BatchRunRequest;
    env: ScoringEnv;
    transactions: Parameters<typeof buildBaseline>[0]['transactions'];
  },
): Promise<Baseline | null> {
  const { tenantId, environment } = ctx;
  if (!args.request.recomputeBaselines)
    return (await deps.baselines.find(trx, tenantId, environment, args.profileId))?.baseline ?? null;
  // As of the window start (detection.md §1): every item of the window is judged by what came before it.
  const baseline = buildBaseline({
    transactions: args.transactions,
    asOfMs: args.request.fromMs,
    lookbackDays: args.env.settings.baselineLookbackDays,
    excludedTransactionIds: await deps.signals.confirmedEvidenceTransactionIds(
      trx,
      tenantId,
      environment,
      args.profileId,
    ),
  });
  await deps.baselines.upsert(trx, tenantId, environment, {
    profileId: args.profileId,
    baseline,
    computedAtMs: args.env.nowMs,
  });
  await deps.profiles.updateBaselineStatus(trx, tenantId, environment, args.profileId, baseline.status);
  return baseline;
}

/**
 * Re-scores one profile for a batch run, in the caller's transaction (api.md §5.7): its baseline as
 * of the window start when asked, each transaction and event of [from, to) with the run's rules,
 * then the batch-only rules once as of `to` on the profile's latest item. Evidence raised before, in
 * real time or by any run, is never added again; an item scored before keeps the evaluation it got then.
 */
export async function scoreBatchProfile(
  trx: Executor,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  args: { profileId: string; request: BatchRunRequest; env: ScoringEnv },
): Promise<ProfileCounts> {
  const { request, env } = args;
  const profile = await deps.profiles.findById(trx, ctx.tenantId, ctx.environment, args.profileId, {
    forUpdate: true,
  });
  // Deleted since the run started: nothing left to score.
  if (!profile) return NOTHING;
  const lookbackMs = Math.max(HISTORY_DAYS, env.settings.baselineLookbackDays) * DAY_MS;
  const history = await loadHistory(trx, ctx, deps, profile.id, {
    fromMs: request.fromMs - lookbackMs,
    toMs: request.toMs,
  });
  const inWindow = (at: number) => at >= request.fromMs;
  const all = itemsInOrder(history.transactions, history.events);
  const items = all.filter((item) => inWindow(itemTime(item)));
  // An item scored before (in real time or by an earlier run) keeps the evaluation it got then.
  const evaluations = collectEvaluations(deps.writeEvaluations, { onlyIfMissing: true });
  const scorable: ScoredItem[] = [];
  for (const item of items) {
    const skipped = skipReason(profile, itemTime(item));
    if (skipped === undefined) scorable.push(item);
    else evaluations.add(item, JSON.stringify({ skipped }));
  }

  const baseline = await baselineFor(trx, ctx, deps, {
    profileId: profile.id,
    request,
    env,
    transactions: history.transactions,
  });
  const latest = all[all.length - 1];
  const scoring = await openProfileScoring(trx, ctx, deps, {
    profile,
    history,
    itemIds: [...scorable.map(itemId), ...(latest ? [itemId(latest)] : [])],
    env,
  });
  for (const item of scorable) {
    const result = await scoring.score(item, baseline);
    if (!result) continue;
    evaluations.add(item, evaluationJson(result.score, scoring.threshold, result.signal?.id ?? null));
  }
  await evaluations.flush(trx);
  // MISSING_EXPECTED_ACTIVITY looks for what did not happen up to `to`: once per profile, keyed on its latest item.
  if (latest && skipReason(profile, itemTime(latest)) === undefined)
    await scoring.score(latest, baseline, { batchOnly: true, asOfMs: request.toMs });
  await scoring.finish();
  return {
    transactionsScored: scorable.length,
    signalsCreated: scoring.created.size,
    signalsUpdated: scoring.updated.size,
  };
}
