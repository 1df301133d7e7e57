import type { TenantContext } from '../api/context.js';
import { buildBaseline } from '../domain/baseline/build-baseline.js';
import type { Baseline } from '../domain/baseline/baseline.js';
import { chooseBaseline } from '../domain/baseline/freshness.js';
import type { EngineRule } from '../domain/detection/engine.js';
import { DAY_MS, itemId, itemTime } from '../domain/detection/history.js';
import type { Clock } from '../lib/clock.js';
import type { ScoredItem } from '../domain/detection/types.js';
import type { Executor } from '../store/transaction.js';
import type { ScoredActivity, ActivityScorer, ScoringOutcome } from './port.js';
import type { AccountEventsStore } from '../resources/account-events/account-events.store.js';
import type { BaselinesStore, StoredBaseline } from '../resources/baselines/baselines.store.js';
import { newId } from '../lib/ids.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { RulesStore } from '../resources/rules/rules.store.js';
import type { SettingsStore } from '../resources/settings/settings.store.js';
import type { DetectionSettingsRecord } from '../resources/settings/detection-settings.js';
import type { TransactionsStore } from '../resources/transactions/transactions.store.js';
import { collectEvaluations, type EvaluationWriter } from '../ingest/evaluations.js';
import type { HistoryCache } from './history-cache.js';
import { rescoreLateData } from './late-data.js';
import {
  evaluationJson,
  HISTORY_DAYS,
  itemsInOrder,
  loadHistory,
  openProfileScoring,
  skipReason,
  toEngineRules,
  type ProfileScoringDeps,
} from './profile.js';
import { toSignalJson } from '../resources/signals/signals.schemas.js';
import type { SignalsStore } from '../resources/signals/signals.store.js';
import type { SignalRecord } from '../resources/signals/signal.js';
import type { SuppressionRecord } from '../resources/suppressions/suppressions.store.js';

export interface ScorerDeps {
  settings: Pick<SettingsStore, 'load'>;
  rules: Pick<RulesStore, 'list'>;
  baselines: BaselinesStore;
  profiles: Pick<ProfilesStore, 'updateScored' | 'updateRisk' | 'updateBaselineStatus'>;
  transactions: Pick<TransactionsStore, 'listHistory'>;
  events: Pick<AccountEventsStore, 'listHistory'>;
  signals: SignalsStore;
  suppressions?: ProfileScoringDeps['suppressions'];
  watchList?: ProfileScoringDeps['watchList'];
  writeEvaluations: EvaluationWriter;
  historyCache: HistoryCache;
  clock: Clock;
}

// About 10 KiB each for a profile with a year of varied activity.
const BASELINE_CACHE_ENTRIES = 20_000;

/** Real-time scoring inside the ingest transaction: the shell around the pure engine (detection.md §1–2). */
export function createRealtimeScorer(deps: ScorerDeps): ActivityScorer {
  const { clock } = deps;

  // Enabled rules per tenant environment, reused while its rules version stands (the version comes
  // with the settings, read before the rules, so a rule set read after a concurrent change is only
  // ever filed under the older version).
  const rulesCache = new Map<string, { version: string | null; rules: EngineRule[] }>();
  async function engineRules(
    trx: Executor,
    ctx: TenantContext,
    version: string | null,
  ): Promise<EngineRule[]> {
    const key = `${ctx.tenantId}|${ctx.environment}`;
    const cached = rulesCache.get(key);
    if (cached?.version === version) return cached.rules;
    const rules = toEngineRules(
      (await deps.rules.list(trx, ctx.tenantId, ctx.environment)).filter((r) => r.enabled),
    );
    rulesCache.set(key, { version, rules });
    return rules;
  }

  // Stored baselines per profile, trusted while the profile row (read under its lock by the ingest)
  // carries the baseline version they were read or written under: every write of a baseline renews
  // the version in the same transaction (profiles.store.ts), so another process's write, or this
  // one's rolled back, is seen as a different version and read again. Least recently used out first.
  const baselineCache = new Map<string, { version: string | null; stored: StoredBaseline | undefined }>();
  async function storedBaseline(trx: Executor, ctx: TenantContext, profile: Profile) {
    const cached = baselineCache.get(profile.id);
    if (cached) baselineCache.delete(profile.id);
    const entry =
      cached?.version === profile.baselineVersion
        ? cached
        : {
            version: profile.baselineVersion,
            stored: await deps.baselines.find(trx, ctx.tenantId, ctx.environment, profile.id),
          };
    rememberBaseline(profile.id, entry);
    return entry.stored;
  }
  function rememberBaseline(
    profileId: string,
    entry: { version: string | null; stored: StoredBaseline | undefined },
  ) {
    baselineCache.set(profileId, entry);
    if (baselineCache.size > BASELINE_CACHE_ENTRIES) {
      const oldest = baselineCache.keys().next().value;
      if (oldest !== undefined) baselineCache.delete(oldest);
    }
  }

  // Suppressions per profile unexpired when read, trusted while the profile row (read under its lock
  // by the ingest) carries the suppressions version they were read under: every suppression written
  // renews the version in the same transaction (suppressions.store.ts). Expiry is applied at each use;
  // a clock earlier than the read reads again. Least recently used out first.
  const suppressionsCache = new Map<
    string,
    { version: string | null; readAtMs: number; list: SuppressionRecord[] }
  >();
  async function activeSuppressions(
    trx: Executor,
    ctx: TenantContext,
    profile: Profile,
    nowMs: number,
  ): Promise<SuppressionRecord[]> {
    if (!deps.suppressions) return [];
    let entry = suppressionsCache.get(profile.id);
    if (entry) suppressionsCache.delete(profile.id);
    if (entry?.version !== profile.suppressionsVersion || nowMs < entry.readAtMs) {
      entry = {
        version: profile.suppressionsVersion,
        readAtMs: nowMs,
        list: await deps.suppressions.listActive(trx, ctx.tenantId, ctx.environment, profile.id, nowMs),
      };
    }
    suppressionsCache.set(profile.id, entry);
    if (suppressionsCache.size > BASELINE_CACHE_ENTRIES) {
      const oldest = suppressionsCache.keys().next().value;
      if (oldest !== undefined) suppressionsCache.delete(oldest);
    }
    return entry.list.filter((s) => s.expiresAtMs > nowMs);
  }

  async function scoreProfile(
    trx: Executor,
    ctx: TenantContext,
    group: ScoredActivity,
    env: { rules: EngineRule[]; settings: DetectionSettingsRecord; nowMs: number },
    out: { ids: Map<string, string[]>; signals: Map<string, SignalRecord> },
    evaluations: ReturnType<typeof collectEvaluations>,
  ) {
    const { profile } = group;
    const items = itemsInOrder(group.transactions, group.events);
    const scorable: ScoredItem[] = [];
    for (const item of items) {
      const skipped = skipReason(profile, itemTime(item));
      if (skipped === undefined) scorable.push(item);
      else evaluations.add(item, JSON.stringify({ skipped }));
    }
    const first = scorable[0];
    const last = scorable[scorable.length - 1];
    if (!first || !last) return;

    const history = await deps.historyCache.history(
      {
        key: profile.id,
        versionBefore: profile.activityVersion,
        versionAfter: group.activityVersion,
        added: group,
        fromMs: itemTime(first) - HISTORY_DAYS * DAY_MS,
        // Everything after too: items scored before that sort after these make this ingest late data.
        toMs: Number.MAX_SAFE_INTEGER,
      },
      (fromMs) => loadHistory(trx, ctx, deps, profile.id, { fromMs, toMs: Number.MAX_SAFE_INTEGER }),
    );
    const suppressions = await activeSuppressions(trx, ctx, profile, env.nowMs);
    const scoringDeps = { ...deps, suppressions: { listActive: () => Promise.resolve(suppressions) } };
    const scoring = await openProfileScoring(trx, ctx, scoringDeps, {
      profile,
      history,
      // Items inserted by this very ingest: no evidence can name them yet.
      itemIds: [],
      env,
    });
    let stored = await storedBaseline(trx, ctx, profile);
    let storedChanged = false;
    let excluded: Set<string> | undefined;

    for (const item of scorable) {
      const at = itemTime(item);
      let baseline: Baseline | null = stored?.baseline ?? null;
      const choice = chooseBaseline(stored?.baseline.asOfMs, at);
      if (choice !== 'use') {
        // Read with the ACTIVE signals under the profile's lock: without a CONFIRMED signal, nothing to leave out.
        excluded ??= scoring.hasConfirmedSignals
          ? await deps.signals.confirmedEvidenceTransactionIds(trx, ctx.tenantId, ctx.environment, profile.id)
          : new Set<string>();
        baseline = buildBaseline({
          transactions: history.transactions,
          asOfMs: at,
          lookbackDays: env.settings.baselineLookbackDays,
          excludedTransactionIds: excluded,
        });
        if (choice === 'recompute') {
          stored = { profileId: profile.id, baseline, computedAtMs: env.nowMs };
          storedChanged = true;
        }
      }
      const result = await scoring.score(item, baseline);
      if (!result) continue;
      evaluations.add(item, evaluationJson(result.score, scoring.threshold, result.signal?.id ?? null));
      if (!result.signal) continue;
      out.ids.set(itemId(item), [result.signal.id]);
      out.signals.set(result.signal.id, result.signal);
    }
    // The last baseline the pass computed is the one stored (each replaced the one before).
    let baselineChange: { status: Baseline['status']; version: string } | undefined;
    if (storedChanged && stored) {
      await deps.baselines.upsert(trx, ctx.tenantId, ctx.environment, stored);
      baselineChange = { status: stored.baseline.status, version: newId() };
      rememberBaseline(profile.id, { version: baselineChange.version, stored });
    }
    await scoring.finish(baselineChange && { baseline: baselineChange });
    for (const signal of await rescoreLateData(trx, ctx, scoringDeps, {
      profile,
      history,
      added: scorable,
      env,
      // A replay reads which items were scored and rewrites evaluations: this request's go first.
      beforeReplay: () => evaluations.flush(trx),
    }))
      out.signals.set(signal.id, signal);
  }

  return {
    async score(trx, ctx, batch): Promise<ScoringOutcome> {
      const nowMs = clock.nowMs();
      const settings = await deps.settings.load(trx, ctx.tenantId, ctx.environment, nowMs);
      const rules = await engineRules(trx, ctx, settings.rulesVersion);
      const out = { ids: new Map<string, string[]>(), signals: new Map<string, SignalRecord>() };
      // Evaluations of every profile of the request in one write (on PostgreSQL a statement per 1000
      // items instead of one per profile); nothing reads them before the end but a late-data replay.
      const evaluations = collectEvaluations(deps.writeEvaluations);
      for (const group of batch)
        await scoreProfile(trx, ctx, group, { rules, settings, nowMs }, out, evaluations);
      await evaluations.flush(trx);
      return { signalIdsByItem: out.ids, signals: [...out.signals.values()].map(toSignalJson) };
    },
  };
}
