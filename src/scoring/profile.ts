import type { TenantContext } from '../api/context.js';
import type { Baseline } from '../domain/baseline/baseline.js';
import { evaluateItem, raiseSignal, type EngineRule } from '../domain/detection/engine.js';
import { DAY_MS, itemId, itemTime } from '../domain/detection/history.js';
import { RULE_TYPE_DEFINITIONS } from '../domain/detection/rules/index.js';
import { noisyOr, riskLevelOf, type ItemScore } from '../domain/detection/scoring.js';
import { withoutSuppressed } from '../domain/detection/suppress.js';
import type { SuppressionsStore } from '../resources/suppressions/suppressions.store.js';
import { loadConfirmedCounterparties } from '../resources/watch-list/confirmations.js';
import type { WatchListStore } from '../resources/watch-list/watch-list.store.js';
import type { History, ProfileFacts, RuleInput, ScoredItem } from '../domain/detection/types.js';
import { sandboxOutcome, sandboxRule } from '../domain/sandbox/test-names.js';
import { compareTimeThenId, type AccountEvent, type Transaction } from '../domain/activity.js';
import { newId } from '../lib/ids.js';
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

// What real-time scoring and batch runs share: the shell around the pure engine for one profile
// (detection.md §1–2). History a rule may look back over: the longest default window (365 days)
// plus the window itself.
export const HISTORY_DAYS = 400;
const RISK_WINDOW_MS = 90 * DAY_MS;

export interface ProfileScoringDeps {
  profiles: Pick<ProfilesStore, 'updateRisk'>;
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

export function profileFacts(p: Profile): ProfileFacts {
  return {
    id: p.id,
    dateOfBirth: p.dateOfBirth,
    enrollmentReason: p.enrollmentReason,
    hasTrustedContact: p.trustedContact !== null,
    status: p.status,
    dateOfDeath: p.dateOfDeath,
  };
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
  const { profile, history, env } = args;
  const { tenantId, environment } = ctx;
  const debitAmounts = new Map(
    history.transactions.filter((t) => t.direction === 'DEBIT').map((t) => [t.id, t.amountMinor]),
  );
  const active = await deps.signals.listActiveForProfile(trx, tenantId, environment, profile.id);
  const raisedKeys = await deps.signals.existingEvidenceKeys(trx, tenantId, environment, args.itemIds);
  const suppressions =
    (await deps.suppressions?.listActive(trx, tenantId, environment, profile.id, env.nowMs)) ?? [];
  const confirmedCounterparties = await loadConfirmedCounterparties(trx, ctx, deps.watchList, {
    profileId: profile.id,
    settings: env.settings,
  });
  // Sandbox test names (api.md §7) replace the tenant's rules with one fixed outcome, whatever the threshold.
  const testName = environment === 'sandbox' ? sandboxOutcome(profile.customerName) : undefined;
  const rules = testName === undefined ? env.rules : testName === null ? [] : [sandboxRule(testName)];
  const threshold = testName === undefined ? env.settings.signalThreshold : 0;
  // MISSING_EXPECTED_ACTIVITY looks for what did not happen; vulnerability context still weighs in.
  const batchRules = rules.filter((r) => !r.definition.realTime || r.ruleType === 'CONTEXT_MODIFIER');
  const created = new Set<string>();
  const updated = new Set<string>();
  // The same for every item of the pass.
  const facts = profileFacts(profile);
  const ruleSettings = { highRiskCountries: new Set(env.settings.highRiskCountries) };

  async function persist(raised: NonNullable<ReturnType<typeof raiseSignal>>): Promise<SignalRecord> {
    const previous = active.findIndex((s) => s.id === raised.signal.id);
    const record: SignalRecord = {
      ...raised.signal,
      batchRunId: raised.isNew ? (env.batchRunId ?? null) : raised.signal.batchRunId,
      customerId: profile.customerId,
      createdAtMs: previous === -1 ? env.nowMs : (active[previous]?.createdAtMs ?? env.nowMs),
      updatedAtMs: env.nowMs,
    };
    if (raised.isNew) await deps.signals.insert(trx, tenantId, environment, record);
    else await deps.signals.update(trx, tenantId, environment, record);
    await deps.signals.insertEvidence(trx, tenantId, environment, record.id, raised.added);
    await recordAudit(trx, ctx, env.nowMs, {
      action: raised.isNew ? 'signal.created' : 'signal.updated',
      resourceType: 'signal',
      resourceId: record.id,
      changes: {
        evidence: [null, raised.added.map((e) => `${e.ruleName} on ${e.itemId}`)],
        score: [raised.isNew ? null : (active[previous]?.score ?? null), record.score],
      },
    });
    for (const e of raised.added) raisedKeys.add(`${e.ruleId}|${e.itemId}`);
    if (previous === -1) active.push(record);
    else active[previous] = record;
    if (raised.isNew) created.add(record.id);
    else if (!created.has(record.id)) updated.add(record.id);
    return record;
  }

  return {
    threshold: env.settings.signalThreshold,
    /** Signals this pass opened, and earlier signals it added evidence to. */
    created,
    updated,

    /**
     * Scores one item against `baseline`. With `batchOnly`, only the batch-only rules run, as of
     * `asOfMs` (batch runs, once per profile); undefined when there are none to run.
     */
    async score(
      item: ScoredItem,
      baseline: Baseline | null,
      options: { batchOnly?: boolean; asOfMs?: number } = {},
    ): Promise<ItemResult | undefined> {
      if (options.batchOnly && !batchRules.some((r) => !r.definition.realTime)) return undefined;
      const input: RuleInput = {
        profile: facts,
        baseline,
        history,
        item,
        settings: ruleSettings,
        confirmedCounterparties,
        priorFirings: active.flatMap((s) =>
          s.evidence.map((e) => ({ ruleId: e.ruleId, occurredAtMs: e.occurredAtMs })),
        ),
        ...(options.asOfMs === undefined ? {} : { asOfMs: options.asOfMs }),
      };
      const score = options.batchOnly
        ? evaluateItem(input, batchRules, { batch: true })
        : evaluateItem(input, rules);
      // The evaluation keeps every hit; only the signal leaves out what a dismissal silenced.
      const raisable = withoutSuppressed(score, item, profile.id, suppressions, env.nowMs);
      const raised = raiseSignal(raisable, input, {
        profileId: profile.id,
        threshold,
        groupingWindowDays: env.settings.groupingWindowDays,
        active,
        raisedKeys,
        debitAmounts,
        newSignalId: newId,
        requireCorroboration: testName === undefined,
      });
      return { score, signal: raised && (await persist(raised)) };
    },

    /**
     * Ends the pass: refreshes the profile's risk and records one webhook event per signal the pass
     * opened or changed, with its final state (coalesced: 1000 items joining one signal make one
     * event, not 1000).
     */
    async finish(): Promise<void> {
      await this.refreshRisk();
      for (const signal of active) {
        const type = created.has(signal.id)
          ? 'signal.created'
          : updated.has(signal.id)
            ? 'signal.updated'
            : undefined;
        if (type) await recordWebhookEvent(trx, ctx, type, toSignalEventJson(signal), env.nowMs);
      }
    },

    /** Profile risk over its ACTIVE and CONFIRMED signals of the last 90 days (detection.md §2). */
    async refreshRisk(): Promise<void> {
      const risk = await deps.signals.riskInputs(
        trx,
        tenantId,
        environment,
        profile.id,
        env.nowMs - RISK_WINDOW_MS,
      );
      const riskScore = noisyOr(risk.scores);
      await deps.profiles.updateRisk(trx, tenantId, environment, profile.id, {
        riskScore,
        riskLevel: riskLevelOf(riskScore),
        openSignalCount: risk.openCount,
      });
    },
  };
}
export type ProfileScoring = Awaited<ReturnType<typeof openProfileScoring>>;
