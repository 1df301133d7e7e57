import type { Baseline } from '../domain/baseline/baseline.js';
import { buildBaseline } from '../domain/baseline/build-baseline.js';
import type { EngineRule } from '../domain/detection/engine.js';
import { itemTime } from '../domain/detection/history.js';
import type { ConfirmedCounterparty } from '../domain/detection/confirmed-counterparties.js';
import type { Suppression } from '../domain/detection/suppression.js';
import type { History, ScoredItem } from '../domain/detection/types.js';
import type { Environment } from '../domain/values/enums.js';
import type { PendingEvaluation } from '../ingest/evaluations.js';
import type { BatchRunRequest } from '../resources/batch-runs/batch-run.js';
import type { Profile } from '../resources/profiles/profile.js';
import type { DetectionSettingsRecord } from '../resources/settings/detection-settings.js';
import type { SignalRecord } from '../resources/signals/signal.js';
import { evaluationJson, itemsInOrder, skipReason } from './profile.js';
import { openProfilePass, type ProfilePass, type SignalWrite } from './profile-pass.js';

/**
 * Everything one profile's batch scoring decides on, as the main thread read it: plain data that
 * crosses to a worker thread by structured clone (no functions, no class instances).
 */
export interface BatchProfileInput {
  environment: Environment;
  profile: Profile;
  /** The profile's transactions and events from the longest look-back before `fromMs` up to `toMs`. */
  history: History;
  request: Pick<BatchRunRequest, 'fromMs' | 'toMs' | 'recomputeBaselines'>;
  /** The stored baseline, used when the run does not recompute baselines. */
  storedBaseline: Baseline | null;
  /** Transactions that are evidence of CONFIRMED signals: left out of a recomputed baseline. */
  confirmedEvidenceIds: Set<string>;
  active: SignalRecord[];
  raisedKeys: Set<string>;
  suppressions: Suppression[];
  /** The confirmed counterparties this profile's debits paid (plain, so it crosses to a thread). */
  confirmedCounterparties: Map<string, ConfirmedCounterparty>;
  nowMs: number;
  batchRunId: string | undefined;
}

/** What the main thread writes for one profile, in this order. */
export interface BatchProfileOutcome {
  /** Set when the run recomputes baselines: stored with its status on the profile. */
  recomputedBaseline: Baseline | null;
  /** Signals the window's items opened or joined, in item order. */
  itemWrites: SignalWrite[];
  evaluations: { transactions: PendingEvaluation[]; events: PendingEvaluation[] };
  /** The signal the batch-only rules opened or joined, as of `to`. */
  batchOnlyWrite: SignalWrite | undefined;
  webhookEvents: ReturnType<ProfilePass['webhookEvents']>;
  transactionsScored: number;
  signalsCreated: number;
  signalsUpdated: number;
}

/** The run's rules and settings, the same for every profile of it. */
export interface BatchRules {
  rules: readonly EngineRule[];
  settings: DetectionSettingsRecord;
}

/** IDs of the items whose evidence keys the pass must know: the window's scorable items and the latest item. */
export function batchItemIds(profile: Profile, history: History, fromMs: number): string[] {
  const ids: string[] = [];
  let latest: { at: number; id: string } | undefined;
  const visit = (id: string, at: number) => {
    if (at >= fromMs && skipReason(profile, at) === undefined) ids.push(id);
    if (!latest || at > latest.at || (at === latest.at && id > latest.id)) latest = { at, id };
  };
  for (const t of history.transactions) visit(t.id, t.occurredAtMs);
  for (const e of history.events) visit(e.id, e.occurredAtMs);
  if (latest && !ids.includes(latest.id)) ids.push(latest.id);
  return ids;
}

/**
 * Re-scores one profile for a batch run with no I/O (api.md §5.7): its baseline as of the window
 * start when asked, each transaction and event of [from, to) with the run's rules, then the
 * batch-only rules once as of `to` on the profile's latest item. Runs on a worker thread or in
 * process; both give the same outcome for the same input.
 */
export function scoreBatchProfileInMemory(input: BatchProfileInput, run: BatchRules): BatchProfileOutcome {
  const { profile, history, request } = input;
  const all = itemsInOrder(history.transactions, history.events);
  const evaluations: BatchProfileOutcome['evaluations'] = { transactions: [], events: [] };
  const addEvaluation = (item: ScoredItem, evaluation: string) => {
    if (item.kind === 'transaction') evaluations.transactions.push({ id: item.transaction.id, evaluation });
    else evaluations.events.push({ id: item.event.id, evaluation });
  };
  const scorable: ScoredItem[] = [];
  for (const item of all) {
    const at = itemTime(item);
    if (at < request.fromMs) continue;
    const skipped = skipReason(profile, at);
    if (skipped === undefined) scorable.push(item);
    else addEvaluation(item, JSON.stringify({ skipped }));
  }
  // As of the window start (detection.md §1): every item of the window is judged by what came before it.
  const recomputedBaseline = request.recomputeBaselines
    ? buildBaseline({
        transactions: history.transactions,
        asOfMs: request.fromMs,
        lookbackDays: run.settings.baselineLookbackDays,
        excludedTransactionIds: input.confirmedEvidenceIds,
      })
    : null;
  const baseline = recomputedBaseline ?? input.storedBaseline;
  const pass = openProfilePass({
    environment: input.environment,
    profile,
    history,
    active: input.active,
    raisedKeys: input.raisedKeys,
    suppressions: input.suppressions,
    confirmedCounterparties: input.confirmedCounterparties,
    env: { rules: run.rules, settings: run.settings, nowMs: input.nowMs, batchRunId: input.batchRunId },
  });
  const itemWrites: SignalWrite[] = [];
  for (const item of scorable) {
    const result = pass.score(item, baseline);
    if (!result) continue;
    if (result.write) itemWrites.push(result.write);
    addEvaluation(item, evaluationJson(result.score, pass.threshold, result.write?.record.id ?? null));
  }
  // MISSING_EXPECTED_ACTIVITY looks for what did not happen up to `to`: once per profile, keyed on its latest item.
  const latest = all[all.length - 1];
  const batchOnly =
    latest && skipReason(profile, itemTime(latest)) === undefined
      ? pass.score(latest, baseline, { batchOnly: true, asOfMs: request.toMs })
      : undefined;
  return {
    recomputedBaseline,
    itemWrites,
    evaluations,
    batchOnlyWrite: batchOnly?.write,
    webhookEvents: pass.webhookEvents(),
    transactionsScored: scorable.length,
    signalsCreated: pass.created.size,
    signalsUpdated: pass.updated.size,
  };
}
