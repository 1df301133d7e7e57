import type { TenantContext } from '../api/context.js';
import type { Baseline } from '../domain/baseline/baseline.js';
import type { BaselineStatus } from '../domain/values/enums.js';
import type { EngineRule } from '../domain/detection/engine.js';
import { DAY_MS, itemId, itemTime } from '../domain/detection/history.js';
import { RULE_TYPE_DEFINITIONS } from '../domain/detection/rules/index.js';
import { noisyOr, riskLevelOf, type ItemScore } from '../domain/detection/scoring.js';
import type { SuppressionsStore } from '../resources/suppressions/suppressions.store.js';
import type { History, ScoredItem } from '../domain/detection/types.js';
import { loadConfirmedCounterparties } from '../resources/watch-list/confirmations.js';
import type { WatchListStore } from '../resources/watch-list/watch-list.store.js';
import { compareTimeThenId, type AccountEvent, type Transaction } from '../domain/activity.js';
import type { Executor } from '../store/transaction.js';
import type { EvaluationWriter } from '../ingest/evaluations.js';
import type { AccountEventsStore } from '../resources/account-events/account-events.store.js';
import { recordAudit } from '../resources/audit-events/audit-events.store.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import type { Rule } from '../resources/rules/rule.js';
import type { DetectionSettingsRecord } from '../resources/settings/detection-settings.js';
import type { TransactionsStore } from '../resources/transactions/transactions.store.js';
import { recordWebhookEvent } from '../resources/webhooks/webhooks.outbox.js';
import { toSignalEventJson } from '../resources/signals/signals.schemas.js';
import type { SignalsStore } from '../resources/signals/signals.store.js';
import type { SignalRecord } from '../resources/signals/signal.js';
import { openProfilePass, type ProfilePass, type SignalWrite } from './profile-pass.js';

// What real-time scoring and batch runs share: the shell around the pure engine for one profile
// (detection.md §1–2). It loads HISTORY_DAYS of history before the items it scores.
export { HISTORY_DAYS } from '../domain/detection/history.js';
const RISK_WINDOW_MS = 90 * DAY_MS;

export interface ProfileScoringDeps {
  profiles: Pick<ProfilesStore, 'updateScored' | 'updateRisk' | 'updateBaselineStatus'>;
  transactions: Pick<TransactionsStore, 'listHistory'>;
  events: Pick<AccountEventsStore, 'listHistory'>;
  signals: SignalsStore;
  writeEvaluations: EvaluationWriter;
  /** Dismissals that silence a rule for a profile (and counterparty) until they expire; none when absent. */
  suppressions?: Pick<SuppressionsStore, 'listActive'>;
  /** Counterparties confirmed as exploitation (own, and the watch list when on); none when absent. */
  watchList?: Pick<WatchListStore, 'confirmations'>;
}

/** The rules and settings one scoring pass uses, and its time. */
export interface ScoringEnv {
  rules: readonly EngineRule[];
  settings: DetectionSettingsRecord;
  nowMs: number;
  /** Set when a batch run scores: the signals it opens carry its ID (api.md §5.6 batch_run_id). */
  batchRunId?: string;
}

/** Tenant rule records ready for the engine (their type's definition attached). */
export function toEngineRules(rules: readonly Rule[]): EngineRule[] {
  return rules.map((r) => ({
    ...r,
    definition: RULE_TYPE_DEFINITIONS[r.ruleType],
    parameters: r.parameters,
  }));
}

/** Why an item is not scored (api.md §5.1): SUSPENDED and CLOSED profiles never; DECEASED only after death. */
export function skipReason(p: Profile, atMs: number): string | undefined {
  if (p.status === 'SUSPENDED' || p.status === 'CLOSED') return `profile is ${p.status}`;
  if (
    p.status === 'DECEASED' &&
    p.dateOfDeath !== null &&
    atMs < Date.parse(`${p.dateOfDeath}T00:00:00Z`) + DAY_MS
  ) {
    return 'profile is DECEASED and the item is not after the date of death';
  }
  return undefined;
}

/** Transactions and events as one list in item time (ties by ID), the order they are scored in. */
export function itemsInOrder(
  transactions: readonly Transaction[],
  events: readonly AccountEvent[],
): ScoredItem[] {
  return [
    ...transactions.map((transaction) => ({ kind: 'transaction' as const, transaction })),
    ...events.map((event) => ({ kind: 'event' as const, event })),
  ].sort((a, b) => compareTimeThenId(itemTime(a), itemId(a), itemTime(b), itemId(b)));
}

export function evaluationJson(score: ItemScore, threshold: number, signalId: string | null): string {
  return JSON.stringify({
    score: score.score,
    threshold,
    signal_id: signalId,
    fired: score.fired.map((f) => ({
      rule_id: f.rule.id,
      rule_name: f.rule.name,
      rule_type: f.rule.ruleType,
      rule_version: f.rule.version,
      weight: f.rule.weight,
      severity: f.rule.severity,
      category: f.category,
      measured: f.measurement.measured,
      threshold: f.measurement.threshold,
      baseline: f.measurement.baseline,
      reason: f.measurement.reason,
    })),
    insufficient_history: score.insufficientRuleIds,
  });
}

/** Profile risk over its ACTIVE and CONFIRMED signals of the last 90 days (detection.md §2). */
export async function refreshProfileRisk(
  trx: Executor,
  ctx: TenantContext,
  deps: Pick<ProfileScoringDeps, 'signals' | 'profiles'>,
  profileId: string,
  nowMs: number,
): Promise<void> {
  const { tenantId, environment } = ctx;
  const risk = await deps.signals.riskInputs(trx, tenantId, environment, profileId, nowMs - RISK_WINDOW_MS);
  const riskScore = noisyOr(risk.scores);
  await deps.profiles.updateRisk(trx, tenantId, environment, profileId, {
    riskScore,
    riskLevel: riskLevelOf(riskScore),
    openSignalCount: risk.openCount,
  });
}

/** A profile's transactions and events with occurred_at in [fromMs, toMs), oldest first. */
export async function loadHistory(
  trx: Executor,
  ctx: TenantContext,
  deps: Pick<ProfileScoringDeps, 'transactions' | 'events'>,
  profileId: string,
  range: { fromMs: number; toMs: number },
): Promise<History> {
  const { tenantId, environment } = ctx;
  return {
    transactions: await deps.transactions.listHistory(
      trx,
      tenantId,
      environment,
      profileId,
      range.fromMs,
      range.toMs,
    ),
    events: await deps.events.listHistory(trx, tenantId, environment, profileId, range.fromMs, range.toMs),
  };
}

export interface ItemResult {
  score: ItemScore;
  /** The signal the item raised or joined, when it added evidence. */
  signal: SignalRecord | undefined;
}

/**
 * Opens scoring for one profile inside the caller's transaction: its ACTIVE signals and the evidence
 * already raised for `itemIds` are loaded once, then each `score` call measures an item, raises or
 * groups a signal (never adding an evidence key twice) and writes it with its audit event and webhook.
 */
export async function openProfileScoring(
  trx: Executor,
  ctx: TenantContext,
  deps: ProfileScoringDeps,
  args: { profile: Profile; history: History; itemIds: readonly string[]; env: ScoringEnv },
) {
  const { profile, env } = args;
  const { tenantId, environment } = ctx;
  // ACTIVE signals with their evidence, and CONFIRMED ones for the risk: one read.
  const { active, confirmed } = await deps.signals.loadForScoring(trx, tenantId, environment, profile.id);
  const pass = openProfilePass({
    environment,
    profile,
    history: args.history,
    env,
    active,
    raisedKeys: await deps.signals.existingEvidenceKeys(trx, tenantId, environment, args.itemIds),
    suppressions:
      (await deps.suppressions?.listActive(trx, tenantId, environment, profile.id, env.nowMs)) ?? [],
    confirmedCounterparties: await loadConfirmedCounterparties(trx, ctx, deps.watchList, {
      profileId: profile.id,
      settings: env.settings,
    }),
  });
  const shell = profileScoringShell(trx, ctx, deps, { profileId: profile.id, nowMs: env.nowMs });

  return {
    threshold: pass.threshold,
    /** Whether the profile had CONFIRMED signals when the pass opened (scoring never confirms one). */
    hasConfirmedSignals: confirmed.length > 0,
    /** Signals this pass opened, and earlier signals it added evidence to. */
    created: pass.created,
    updated: pass.updated,

    /**
     * Scores one item against `baseline`. With `batchOnly`, only the batch-only rules run, as of
     * `asOfMs` (batch runs, once per profile); undefined when there are none to run.
     */
    async score(
      item: ScoredItem,
      baseline: Baseline | null,
      options: { batchOnly?: boolean; asOfMs?: number } = {},
    ): Promise<ItemResult | undefined> {
      const result = pass.score(item, baseline, options);
      if (!result) return undefined;
      if (result.write) await shell.writeSignal(result.write);
      return { score: result.score, signal: result.write?.record };
    },

    /**
     * Ends the pass: writes the profile's risk and, when the pass stored a new baseline, its status
     * and version (one statement, none when nothing changed), and records one webhook event per
     * signal the pass opened or changed, with its final state (coalesced: 1000 items joining one
     * signal make one event, not 1000).
     */
    async finish(change: { baseline?: { status: BaselineStatus; version: string } } = {}): Promise<void> {
      const risk = profileRisk(active, confirmed, env.nowMs - RISK_WINDOW_MS);
      // The profile row was read under its lock in this transaction: equal values need no write.
      const riskChanged =
        risk.riskScore !== profile.riskScore ||
        risk.riskLevel !== profile.riskLevel ||
        risk.openSignalCount !== profile.openSignalCount;
      await deps.profiles.updateScored(trx, tenantId, environment, profile.id, {
        ...(riskChanged && { risk }),
        ...(change.baseline && { baseline: change.baseline }),
      });
      for (const { type, signal } of pass.webhookEvents())
        await recordWebhookEvent(trx, ctx, type, toSignalEventJson(signal), env.nowMs);
    },

    /** Profile risk over its ACTIVE and CONFIRMED signals of the last 90 days (detection.md §2). */
    refreshRisk: () => shell.refreshRisk(),
  };
}
export type ProfileScoring = Awaited<ReturnType<typeof openProfileScoring>>;

/**
 * The writes around a profile pass, in the caller's transaction: a signal with its evidence and
 * audit event, then at the end the profile's risk and the pass's webhook events. Real-time scoring
 * and batch runs (in process or on threads) write through it alike.
 */
export function profileScoringShell(
  trx: Executor,
  ctx: TenantContext,
  deps: Pick<ProfileScoringDeps, 'signals' | 'profiles'>,
  args: { profileId: string; nowMs: number },
) {
  const { tenantId, environment } = ctx;
  const { profileId, nowMs } = args;
  return {
    async writeSignal(write: SignalWrite): Promise<void> {
      const { record } = write;
      if (write.isNew) await deps.signals.insert(trx, tenantId, environment, record);
      else await deps.signals.update(trx, tenantId, environment, record);
      await deps.signals.insertEvidence(trx, tenantId, environment, record.id, write.added);
      await recordAudit(trx, ctx, nowMs, {
        action: write.isNew ? 'signal.created' : 'signal.updated',
        resourceType: 'signal',
        resourceId: record.id,
        changes: {
          evidence: [null, write.added.map((e) => `${e.ruleName} on ${e.itemId}`)],
          score: [write.previousScore, record.score],
        },
      });
    },

    async finish(events: ReturnType<ProfilePass['webhookEvents']>): Promise<void> {
      await this.refreshRisk();
      for (const { type, signal } of events)
        await recordWebhookEvent(trx, ctx, type, toSignalEventJson(signal), nowMs);
    },

    /** Profile risk over its ACTIVE and CONFIRMED signals of the last 90 days (detection.md §2). */
    async refreshRisk(): Promise<void> {
      await refreshProfileRisk(trx, ctx, deps, profileId, nowMs);
    },
  };
}

/**
 * Profile risk over its ACTIVE and CONFIRMED signals last seen since `sinceMs` (detection.md §2), from
 * the signals the pass holds: the ACTIVE ones as it left them, the CONFIRMED ones as it read them
 * under the profile's lock (reviews lock the profile first, so neither changes under it). In ID order.
 */
function profileRisk(
  active: readonly SignalRecord[],
  confirmed: readonly { id: string; score: number; lastSeenMs: number }[],
  sinceMs: number,
) {
  const scores = [...active, ...confirmed]
    .filter((s) => s.lastSeenMs >= sinceMs)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((s) => s.score);
  const riskScore = noisyOr(scores);
  return { riskScore, riskLevel: riskLevelOf(riskScore), openSignalCount: active.length };
}
