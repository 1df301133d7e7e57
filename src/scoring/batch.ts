import type { TenantContext } from '../api/context.js';
import { DAY_MS } from '../domain/detection/history.js';
import type { Executor } from '../store/transaction.js';
import type { BaselinesStore } from '../resources/baselines/baselines.store.js';
import type { ProfilesStore } from '../resources/profiles/profiles.store.js';
import type { BatchRunRequest } from '../resources/batch-runs/batch-run.js';
import type { DetectionSettingsRecord } from '../resources/settings/detection-settings.js';
import { loadConfirmedCounterparties } from '../resources/watch-list/confirmations.js';
import type { ConfirmedCounterparty } from '../domain/detection/confirmed-counterparties.js';
import type { History } from '../domain/detection/types.js';
import { HISTORY_DAYS, loadHistory, profileScoringShell, type ProfileScoringDeps } from './profile.js';
import type { BatchHistoryReader } from './batch-history.js';
import {
  batchItemIds,
  scoreBatchProfileInMemory,
  type BatchProfileInput,
  type BatchProfileOutcome,
  type BatchRules,
} from './batch-profile.js';

export interface BatchScoringDeps extends ProfileScoringDeps {
  profiles: Pick<ProfilesStore, 'findById' | 'updateScored' | 'updateRisk' | 'updateBaselineStatus'>;
  baselines: BaselinesStore;
  /** Reads a profile's history (raw rows on SQLite, see batch-history.ts); the stores' reads when unset. */
  readHistory?: BatchHistoryReader;
}

type BatchSettings = Pick<
  DetectionSettingsRecord,
  'baselineLookbackDays' | 'watchListEnabled' | 'watchListVersion'
>;

export interface ProfileCounts {
  transactionsScored: number;
  signalsCreated: number;
  signalsUpdated: number;
}

/**
 * Where a profile's pure scoring runs: in this process, or on a worker thread of the scoring pool
 * (src/scoring/pool/). Both give the same outcome for the same input.
 */
export type BatchProfileScorer = (input: BatchProfileInput) => Promise<BatchProfileOutcome>;

/** Scores in this process, on the main thread. */
export function inProcessScorer(run: BatchRules): BatchProfileScorer {
  return (input) => Promise.resolve(scoreBatchProfileInMemory(input, run));
}

const NOTHING: ProfileCounts = { transactionsScored: 0, signalsCreated: 0, signalsUpdated: 0 };

/** Reads what one profile's batch scoring decides on, in the caller's transaction (the profile row locked). */
async function readInput(
  trx: Executor,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  args: { profileId: string; request: BatchRunRequest; nowMs: number; batchRunId: string | undefined },
  settings: BatchSettings,
): Promise<BatchProfileInput | undefined> {
  const lookbackDays = settings.baselineLookbackDays;
  const { tenantId, environment } = ctx;
  const { request } = args;
  const profile = await deps.profiles.findById(trx, tenantId, environment, args.profileId, {
    forUpdate: true,
  });
  // Deleted since the run started: nothing left to score.
  if (!profile) return undefined;
  const lookbackMs = Math.max(HISTORY_DAYS, lookbackDays) * DAY_MS;
  const range = { fromMs: request.fromMs - lookbackMs, toMs: request.toMs };
  const history = deps.readHistory
    ? await deps.readHistory(trx, ctx, profile.id, range)
    : await loadHistory(trx, ctx, deps, profile.id, range);
  const storedBaseline = request.recomputeBaselines
    ? null
    : ((await deps.baselines.find(trx, tenantId, environment, profile.id))?.baseline ?? null);
  const confirmedEvidenceIds = request.recomputeBaselines
    ? await deps.signals.confirmedEvidenceTransactionIds(trx, tenantId, environment, profile.id)
    : new Set<string>();
  return {
    environment,
    profile,
    history,
    request: { fromMs: request.fromMs, toMs: request.toMs, recomputeBaselines: request.recomputeBaselines },
    storedBaseline,
    confirmedEvidenceIds,
    active: await deps.signals.listActiveForProfile(trx, tenantId, environment, profile.id),
    raisedKeys: await deps.signals.existingEvidenceKeys(
      trx,
      tenantId,
      environment,
      batchItemIds(profile, history, request.fromMs),
    ),
    suppressions:
      (await deps.suppressions?.listActive(trx, tenantId, environment, profile.id, args.nowMs)) ?? [],
    confirmedCounterparties: await paidConfirmedCounterparties(
      trx,
      ctx,
      deps,
      { profileId: profile.id, settings },
      history,
    ),
    nowMs: args.nowMs,
    batchRunId: args.batchRunId,
  };
}

/** The confirmed counterparties among those the profile's debits paid, as a plain map. */
async function paidConfirmedCounterparties(
  trx: Executor,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  pass: { profileId: string; settings: BatchSettings },
  history: History,
): Promise<Map<string, ConfirmedCounterparty>> {
  const lookup = await loadConfirmedCounterparties(trx, ctx, deps.watchList, pass);
  const found = new Map<string, ConfirmedCounterparty>();
  for (const t of history.transactions) {
    if (t.direction !== 'DEBIT' || t.counterpartyId === null || found.has(t.counterpartyId)) continue;
    const confirmed = lookup.get(t.counterpartyId);
    if (confirmed) found.set(t.counterpartyId, confirmed);
  }
  return found;
}

/** Writes one profile's outcome in the caller's transaction, in the order scoring in process always wrote it. */
async function writeOutcome(
  trx: Executor,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  input: BatchProfileInput,
  outcome: BatchProfileOutcome,
): Promise<void> {
  const { tenantId, environment } = ctx;
  const profileId = input.profile.id;
  if (outcome.recomputedBaseline) {
    await deps.baselines.upsert(trx, tenantId, environment, {
      profileId,
      baseline: outcome.recomputedBaseline,
      computedAtMs: input.nowMs,
    });
    await deps.profiles.updateBaselineStatus(
      trx,
      tenantId,
      environment,
      profileId,
      outcome.recomputedBaseline.status,
    );
  }
  const shell = profileScoringShell(trx, ctx, deps, { profileId, nowMs: input.nowMs });
  for (const write of outcome.itemWrites) await shell.writeSignal(write);
  // An item scored before (in real time or by an earlier run) keeps the evaluation it got then.
  const { transactions, events } = outcome.evaluations;
  if (transactions.length > 0)
    await deps.writeEvaluations(trx, 'transactions', transactions, { onlyIfMissing: true });
  if (events.length > 0) await deps.writeEvaluations(trx, 'account_events', events, { onlyIfMissing: true });
  if (outcome.batchOnlyWrite) await shell.writeSignal(outcome.batchOnlyWrite);
  await shell.finish(outcome.webhookEvents);
}

/**
 * Re-scores one profile for a batch run, in the caller's transaction (api.md §5.7): reads its rows,
 * has `scorer` decide (baseline as of the window start when asked, each item of [from, to), the
 * batch-only rules as of `to`), then writes the outcome. Evidence raised before, in real time or by
 * any run, is never added again; an item scored before keeps the evaluation it got then.
 */
export async function scoreBatchProfile(
  trx: Executor,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  args: {
    profileId: string;
    request: BatchRunRequest;
    nowMs: number;
    batchRunId: string | undefined;
    /** The run's settings (its snapshot): the baseline lookback and the watch list. */
    settings: BatchSettings;
    scorer: BatchProfileScorer;
  },
): Promise<ProfileCounts> {
  const input = await readInput(trx, ctx, deps, args, args.settings);
  if (!input) return NOTHING;
  const outcome = await args.scorer(input);
  await writeOutcome(trx, ctx, deps, input, outcome);
  return {
    transactionsScored: outcome.transactionsScored,
    signalsCreated: outcome.signalsCreated,
    signalsUpdated: outcome.signalsUpdated,
  };
}
