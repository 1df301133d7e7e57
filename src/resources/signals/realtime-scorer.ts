import type { TenantContext } from '../../api/context.js';
import { buildBaseline } from '../../domain/baseline/build-baseline.js';
import type { Baseline } from '../../domain/baseline/baseline.js';
import { chooseBaseline } from '../../domain/baseline/freshness.js';
import { evaluateItem, raiseSignal, type EngineRule } from '../../domain/detection/engine.js';
import { DAY_MS, itemId, itemTime } from '../../domain/detection/history.js';
import { RULE_TYPE_DEFINITIONS } from '../../domain/detection/rules/index.js';
import { sandboxOutcome, sandboxRule } from '../../domain/sandbox/test-names.js';
import { noisyOr, riskLevelOf, type ItemScore } from '../../domain/detection/scoring.js';
import type { ProfileFacts, RuleInput, ScoredItem } from '../../domain/detection/types.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Executor } from '../../store/transaction.js';
import type { ScoredActivity, ActivityScorer, ScoringOutcome } from '../activity/scoring-port.js';
import type { AccountEventsStore } from '../account-events/account-events.store.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { BaselinesStore } from '../baselines/baselines.store.js';
import type { Profile } from '../profiles/profile.js';
import type { ProfilesStore } from '../profiles/profiles.store.js';
import type { RulesStore } from '../rules/rules.store.js';
import type { DetectionSettingsRecord, SettingsStore } from '../settings/settings.store.js';
import type { TransactionsStore } from '../transactions/transactions.store.js';
import { recordWebhookEvent } from '../webhooks/webhooks.outbox.js';
import { toSignalJson } from './signals.schemas.js';
import type { SignalRecord, SignalsStore } from './signals.store.js';

// History a rule may look back over: the longest default window (365 days) plus the window itself.
const HISTORY_DAYS = 400;
const RISK_WINDOW_MS = 90 * DAY_MS;

export interface ScorerDeps {
  settings: Pick<SettingsStore, 'load'>;
  rules: Pick<RulesStore, 'list'>;
  baselines: BaselinesStore;
  profiles: Pick<ProfilesStore, 'updateRisk' | 'updateBaselineStatus'>;
  transactions: Pick<TransactionsStore, 'listHistory' | 'updateEvaluation'>;
  events: Pick<AccountEventsStore, 'listHistory' | 'updateEvaluation'>;
  signals: SignalsStore;
  clock: Clock;
}

function facts(p: Profile): ProfileFacts {
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
function skipReason(p: Profile, atMs: number): string | undefined {
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

function evaluationJson(score: ItemScore, threshold: number, signalId: string | null) {
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

/** Real-time scoring inside the ingest transaction: the shell around the pure engine (detection.md §1–2). */
export function createRealtimeScorer(deps: ScorerDeps): ActivityScorer {
  const { clock } = deps;

  async function engineRules(trx: Executor, ctx: TenantContext): Promise<EngineRule[]> {
    const rules = await deps.rules.list(trx, ctx.tenantId, ctx.environment);
    return rules
      .filter((r) => r.enabled)
      .map((r) => ({ ...r, definition: RULE_TYPE_DEFINITIONS[r.ruleType], parameters: r.parameters }));
  }

  async function scoreProfile(
    trx: Executor,
    ctx: TenantContext,
    group: ScoredActivity,
    env: { rules: EngineRule[]; settings: DetectionSettingsRecord; nowMs: number },
    out: { ids: Map<string, string[]>; signals: Map<string, SignalRecord> },
  ) {
    const { profile } = group;
    const items: ScoredItem[] = [
      ...group.transactions.map((transaction) => ({ kind: 'transaction' as const, transaction })),
      ...group.events.map((event) => ({ kind: 'event' as const, event })),
    ].sort((a, b) => itemTime(a) - itemTime(b) || itemId(a).localeCompare(itemId(b)));
    const scorable = items.filter((item) => skipReason(profile, itemTime(item)) === undefined);
    for (const item of items.filter((i) => !scorable.includes(i)))
      await saveEvaluation(trx, item, JSON.stringify({ skipped: skipReason(profile, itemTime(item)) }));
    const first = scorable[0];
    const last = scorable[scorable.length - 1];
    if (!first || !last) return;

    const from = itemTime(first) - HISTORY_DAYS * DAY_MS;
    const to = itemTime(last) + 1;
    const history = {
      transactions: await deps.transactions.listHistory(
        trx,
        ctx.tenantId,
        ctx.environment,
        profile.id,
        from,
        to,
      ),
      events: await deps.events.listHistory(trx, ctx.tenantId, ctx.environment, profile.id, from, to),
    };
    const debitAmounts = new Map(
      history.transactions.filter((t) => t.direction === 'DEBIT').map((t) => [t.id, t.amountMinor]),
    );
    const active = await deps.signals.listActiveForProfile(trx, ctx.tenantId, ctx.environment, profile.id);
    const raisedKeys = await deps.signals.existingEvidenceKeys(
      trx,
      ctx.tenantId,
      ctx.environment,
      scorable.map(itemId),
    );
    // Sandbox test names (api.md §7) replace the tenant's rules with one fixed outcome, whatever the threshold.
    const testName = ctx.environment === 'sandbox' ? sandboxOutcome(profile.customerName) : undefined;
    const rules = testName === undefined ? env.rules : testName === null ? [] : [sandboxRule(testName)];
    const threshold = testName === undefined ? env.settings.signalThreshold : 0;
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
      const input: RuleInput = {
        profile: facts(profile),
        baseline,
        history,
        item,
        settings: { highRiskCountries: new Set(env.settings.highRiskCountries) },
        priorFirings: active.flatMap((s) =>
          s.evidence.map((e) => ({ ruleId: e.ruleId, occurredAtMs: e.occurredAtMs })),
        ),
      };
      const score = evaluateItem(input, rules);
      const raised = raiseSignal(score, input, {
        profileId: profile.id,
        threshold,
        groupingWindowDays: env.settings.groupingWindowDays,
        active,
        raisedKeys,
        debitAmounts,
        newSignalId: newId,
      });
      await saveEvaluation(
        trx,
        item,
        evaluationJson(score, env.settings.signalThreshold, raised?.signal.id ?? null),
      );
      if (!raised) continue;
      const previous = active.findIndex((s) => s.id === raised.signal.id);
      const record: SignalRecord = {
        ...raised.signal,
        customerId: profile.customerId,
        createdAtMs: previous === -1 ? env.nowMs : (active[previous]?.createdAtMs ?? env.nowMs),
        updatedAtMs: env.nowMs,
      };
      if (raised.isNew) await deps.signals.insert(trx, ctx.tenantId, ctx.environment, record);
      else await deps.signals.update(trx, ctx.tenantId, ctx.environment, record);
      await deps.signals.insertEvidence(trx, ctx.tenantId, ctx.environment, record.id, raised.added);
      await recordAudit(trx, ctx, env.nowMs, {
        action: raised.isNew ? 'signal.created' : 'signal.updated',
        resourceType: 'signal',
        resourceId: record.id,
        changes: {
          evidence: [null, raised.added.map((e) => `${e.ruleName} on ${e.itemId}`)],
          score: [raised.isNew ? null : (active[previous]?.score ?? null), record.score],
        },
      });
      await recordWebhookEvent(
        trx,
        ctx,
        raised.isNew ? 'signal.created' : 'signal.updated',
        toSignalJson(record),
        env.nowMs,
      );
      for (const e of raised.added) raisedKeys.add(`${e.ruleId}|${e.itemId}`);
      if (previous === -1) active.push(record);
      else active[previous] = record;
      out.ids.set(itemId(item), [record.id]);
      out.signals.set(record.id, record);
    }
    const risk = await deps.signals.riskInputs(
      trx,
      ctx.tenantId,
      ctx.environment,
      profile.id,
      env.nowMs - RISK_WINDOW_MS,
    );
    const riskScore = noisyOr(risk.scores);
    await deps.profiles.updateRisk(trx, ctx.tenantId, ctx.environment, profile.id, {
      riskScore,
      riskLevel: riskLevelOf(riskScore),
      openSignalCount: risk.openCount,
    });
  }

  function saveEvaluation(trx: Executor, item: ScoredItem, evaluation: string): Promise<void> {
    return item.kind === 'transaction'
      ? deps.transactions.updateEvaluation(trx, item.transaction.id, evaluation)
      : deps.events.updateEvaluation(trx, item.event.id, evaluation);
  }

  return {
    async score(trx, ctx, batch): Promise<ScoringOutcome> {
      const nowMs = clock.nowMs();
      const settings = await deps.settings.load(trx, ctx.tenantId, ctx.environment, nowMs);
      const rules = await engineRules(trx, ctx);
      const out = { ids: new Map<string, string[]>(), signals: new Map<string, SignalRecord>() };
      for (const group of batch) await scoreProfile(trx, ctx, group, { rules, settings, nowMs }, out);
      return { signalIdsByItem: out.ids, signals: [...out.signals.values()].map(toSignalJson) };
    },
  };
}
