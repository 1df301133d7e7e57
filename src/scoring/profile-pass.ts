import type { Baseline } from '../domain/baseline/baseline.js';
import { evaluateItem, raiseSignal, type Raised } from '../domain/detection/engine.js';
import type { ItemScore } from '../domain/detection/scoring.js';
import { withoutSuppressed } from '../domain/detection/suppress.js';
import type { Suppression } from '../domain/detection/suppression.js';
import type { History, ProfileFacts, RuleInput, ScoredItem } from '../domain/detection/types.js';
import { sandboxOutcome, sandboxRule } from '../domain/sandbox/test-names.js';
import type { Environment } from '../domain/values/enums.js';
import { newId } from '../lib/ids.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { SignalRecord } from '../resources/signals/signal.js';
import type { ScoringEnv } from './profile.js';

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

/** A signal an item opened or added evidence to: what the shell writes, with its audit event. */
export interface SignalWrite {
  record: SignalRecord;
  isNew: boolean;
  added: Raised['added'];
  /** The signal's score before this item (null when new), for the audit event. */
  previousScore: number | null;
}

export interface PassItemResult {
  score: ItemScore;
  write: SignalWrite | undefined;
}

/**
 * The pure middle of scoring one profile (detection.md §1–2), shared by real-time scoring, batch
 * runs in process and batch runs on worker threads: given what the shell read (the profile's
 * ACTIVE signals, the evidence keys raised before, its suppressions), each `score` measures an
 * item, raises or groups a signal (never adding an evidence key twice) and returns the write, and
 * keeps `active` and `raisedKeys` up to date for the next item. No I/O.
 */
/**
 * The rules one profile is scored with: the tenant's, or, for a sandbox test name (api.md §7), one
 * fixed outcome whatever the threshold.
 */
export function scoringRules(environment: Environment, profile: Profile, env: ScoringEnv) {
  const testName = environment === 'sandbox' ? sandboxOutcome(profile.customerName) : undefined;
  return {
    rules: testName === undefined ? env.rules : testName === null ? [] : [sandboxRule(testName)],
    threshold: testName === undefined ? env.settings.signalThreshold : 0,
    requireCorroboration: testName === undefined,
  };
}

export function openProfilePass(args: {
  environment: Environment;
  profile: Profile;
  history: History;
  active: SignalRecord[];
  raisedKeys: Set<string>;
  suppressions: readonly Suppression[];
  /** Counterparties confirmed as exploitation (own, and the watch list when on); none when absent. */
  confirmedCounterparties?: RuleInput['confirmedCounterparties'];
  env: ScoringEnv;
}) {
  const { profile, history, env, active, raisedKeys, suppressions, confirmedCounterparties } = args;
  const debitAmounts = new Map(
    history.transactions.filter((t) => t.direction === 'DEBIT').map((t) => [t.id, t.amountMinor]),
  );
  const { rules, threshold, requireCorroboration } = scoringRules(args.environment, profile, env);
  // MISSING_EXPECTED_ACTIVITY looks for what did not happen; vulnerability context still weighs in.
  const batchRules = rules.filter((r) => !r.definition.realTime || r.ruleType === 'CONTEXT_MODIFIER');
  const created = new Set<string>();
  const updated = new Set<string>();
  // The same for every item of the pass.
  const facts = profileFacts(profile);
  const ruleSettings = { highRiskCountries: new Set(env.settings.highRiskCountries) };

  function apply(raised: Raised): SignalWrite {
    const previous = active.findIndex((s) => s.id === raised.signal.id);
    const previousRecord = previous === -1 ? undefined : active[previous];
    const record: SignalRecord = {
      ...raised.signal,
      batchRunId: raised.isNew ? (env.batchRunId ?? null) : raised.signal.batchRunId,
      customerId: profile.customerId,
      createdAtMs: previousRecord?.createdAtMs ?? env.nowMs,
      updatedAtMs: env.nowMs,
    };
    for (const e of raised.added) raisedKeys.add(`${e.ruleId}|${e.itemId}`);
    if (previous === -1) active.push(record);
    else active[previous] = record;
    if (raised.isNew) created.add(record.id);
    else if (!created.has(record.id)) updated.add(record.id);
    return {
      record,
      isNew: raised.isNew,
      added: raised.added,
      previousScore: raised.isNew ? null : (previousRecord?.score ?? null),
    };
  }

  return {
    threshold: env.settings.signalThreshold,
    active,
    /** Signals this pass opened, and earlier signals it added evidence to. */
    created,
    updated,

    /**
     * Scores one item against `baseline`. With `batchOnly`, only the batch-only rules run, as of
     * `asOfMs` (batch runs, once per profile); undefined when there are none to run.
     */
    score(
      item: ScoredItem,
      baseline: Baseline | null,
      options: { batchOnly?: boolean; asOfMs?: number } = {},
    ): PassItemResult | undefined {
      if (options.batchOnly && !batchRules.some((r) => !r.definition.realTime)) return undefined;
      const input: RuleInput = {
        profile: facts,
        baseline,
        history,
        item,
        settings: ruleSettings,
        ...(confirmedCounterparties && { confirmedCounterparties }),
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
        requireCorroboration,
      });
      return { score, write: raised && apply(raised) };
    },

    /** One webhook event per signal the pass opened or changed, with its final state (coalesced). */
    webhookEvents(): { type: 'signal.created' | 'signal.updated'; signal: SignalRecord }[] {
      const events: { type: 'signal.created' | 'signal.updated'; signal: SignalRecord }[] = [];
      for (const signal of active) {
        if (created.has(signal.id)) events.push({ type: 'signal.created', signal });
        else if (updated.has(signal.id)) events.push({ type: 'signal.updated', signal });
      }
      return events;
    },
  };
}
export type ProfilePass = ReturnType<typeof openProfilePass>;
