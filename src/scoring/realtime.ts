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
import type { BaselinesStore } from '../resources/baselines/baselines.store.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import type { RulesStore } from '../resources/rules/rules.store.js';
import type { SettingsStore } from '../resources/settings/settings.store.js';
import type { DetectionSettingsRecord } from '../resources/settings/detection-settings.js';
import type { TransactionsStore } from '../resources/transactions/transactions.store.js';
import { collectEvaluations, type EvaluationWriter } from '../ingest/evaluations.js';
import type { HistoryCache } from './history-cache.js';
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

export interface ScorerDeps {
  settings: Pick<SettingsStore, 'load'>;
  rules: Pick<RulesStore, 'list'>;
  baselines: BaselinesStore;
  profiles: Pick<ProfilesStore, 'updateRisk' | 'updateBaselineStatus'>;
  transactions: Pick<TransactionsStore, 'listHistory'>;
  events: Pick<AccountEventsStore, 'listHistory'>;
  signals: SignalsStore;
  suppressions?: ProfileScoringDeps['suppressions'];
  watchList?: ProfileScoringDeps['watchList'];
  writeEvaluations: EvaluationWriter;
  historyCache: HistoryCache;
  clock: Clock;
}

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

  async function scoreProfile(
    trx: Executor,
    ctx: TenantContext,
    group: ScoredActivity,
    env: { rules: EngineRule[]; settings: DetectionSettingsRecord; nowMs: number },
    out: { ids: Map<string, string[]>; signals: Map<string, SignalRecord> },
  ) {
    const { profile } = group;
    const items = itemsInOrder(group.transactions, group.events);
    const evaluations = collectEvaluations(deps.writeEvaluations);
    const scorable: ScoredItem[] = [];
    for (const item of items) {
      const skipped = skipReason(profile, itemTime(item));
      if (skipped === undefined) scorable.push(item);
      else evaluations.add(item, JSON.stringify({ skipped }));
    }
    const first = scorable[0];
    const last = scorable[scorable.length - 1];
    if (!first || !last) {
      await evaluations.flush(trx);
      return;
    }

    const history = await deps.historyCache.history(
      {
        key: profile.id,
        versionBefore: profile.activityVersion,
        versionAfter: group.activityVersion,
        added: group,
        fromMs: itemTime(first) - HISTORY_DAYS * DAY_MS,
        toMs: itemTime(last) + 1,
      },
      (fromMs) => loadHistory(trx, ctx, deps, profile.id, { fromMs, toMs: Number.MAX_SAFE_INTEGER }),
    );
    const scoring = await openProfileScoring(trx, ctx, deps, {
      profile,
      history,
      // Items inserted by this very ingest: no evidence can name them yet.
      itemIds: [],
      env,
    });
    let stored = await deps.baselines.find(trx, ctx.tenantId, ctx.environment, profile.id);
    let excluded: Set<string> | undefined;

    for (const item of scorable) {
      const at = itemTime(item);
      let baseline: Baseline | null = stored?.baseline ?? null;
      const choice = chooseBaseline(stored?.baseline.asOfMs, at);
      if (choice !== 'use') {
        excluded ??= await deps.signals.confirmedEvidenceTransactionIds(
          trx,
          ctx.tenantId,
          ctx.environment,
          profile.id,
        );
        baseline = buildBaseline({
          transactions: history.transactions,
          asOfMs: at,
          lookbackDays: env.settings.baselineLookbackDays,
          excludedTransactionIds: excluded,
        });
        if (choice === 'recompute') {
          stored = { profileId: profile.id, baseline, computedAtMs: env.nowMs };
          await deps.baselines.upsert(trx, ctx.tenantId, ctx.environment, stored);
          await deps.profiles.updateBaselineStatus(
            trx,
            ctx.tenantId,
            ctx.environment,
            profile.id,
            baseline.status,
          );
        }
      }
      const result = await scoring.score(item, baseline);
      if (!result) continue;
      evaluations.add(item, evaluationJson(result.score, scoring.threshold, result.signal?.id ?? null));
      if (!result.signal) continue;
      out.ids.set(itemId(item), [result.signal.id]);
      out.signals.set(result.signal.id, result.signal);
    }
    await evaluations.flush(trx);
    await scoring.finish();
  }

  return {
    async score(trx, ctx, batch): Promise<ScoringOutcome> {
      const nowMs = clock.nowMs();
      const settings = await deps.settings.load(trx, ctx.tenantId, ctx.environment, nowMs);
      const rules = await engineRules(trx, ctx, settings.rulesVersion);
      const out = { ids: new Map<string, string[]>(), signals: new Map<string, SignalRecord>() };
      for (const group of batch) await scoreProfile(trx, ctx, group, { rules, settings, nowMs }, out);
      return { signalIdsByItem: out.ids, signals: [...out.signals.values()].map(toSignalJson) };
    },
  };
}
