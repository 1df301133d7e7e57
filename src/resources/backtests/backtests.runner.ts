import type { Kysely } from 'kysely';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TenantContext } from '../../api/context.js';
import { errorMessage, type Task } from '../../jobs/queue.js';
import { payloadObject, uuidField } from '../../jobs/payload.js';
import type { Clock } from '../../lib/clock.js';
import { dryScoreProfile, type DryPass } from '../../scoring/backtest.js';
import type { BatchScoringDeps } from '../../scoring/batch.js';
import { toEngineRules } from '../../scoring/profile.js';
import type { Database } from '../../store/database.js';
import type { BatchRunsStore } from '../batch-runs/batch-runs.store.js';
import type { Backtest, BacktestSnapshot } from './backtest.js';
import { BACKTEST_TASK } from './backtests.jobs.js';
import { toWouldBeSignalJson } from './backtests.schemas.js';
import type { BacktestsStore } from './backtests.store.js';
import { diffSignals, emptyTally, rates, RESULT_LIST_CAP, tallyReviews, type Tally } from './compare.js';

export interface BacktestRunnerDeps {
  db: Kysely<Database>;
  store: BacktestsStore;
  batchRuns: Pick<BatchRunsStore, 'listEligibleProfileIds'>;
  scoring: BatchScoringDeps;
  clock: Clock;
}

const PROGRESS_EVERY = 20;

const contextOf = (b: Backtest): TenantContext => ({
  tenantId: b.tenantId,
  environment: b.environment,
  actor: b.actor,
  requestId: b.requestId,
});

/** The result as it accumulates over profiles: totals, capped lists, tallies. */
function createAccumulator(snapshot: BacktestSnapshot) {
  const currentIds = snapshot.current.rules.map((r) => r.id);
  const draftIds = snapshot.draft.rules.map((r) => r.id);
  const lists = { added: [] as unknown[], removed: [] as unknown[], changed: [] as unknown[] };
  const totals = { added: 0, removed: 0, changed: 0, current: 0, draft: 0, confirmed: 0, dismissed: 0 };
  const overall = { current: emptyTally(), draft: emptyTally() };
  const byRule = { current: new Map<string, Tally>(), draft: new Map<string, Tally>() };
  const keep = (list: unknown[], items: unknown[]) =>
    list.push(...items.slice(0, RESULT_LIST_CAP - list.length));
  return {
    add(current: DryPass, draft: DryPass) {
      const diff = diffSignals(current.signals, draft.signals);
      totals.current += current.signals.length;
      totals.draft += draft.signals.length;
      totals.added += diff.added.length;
      totals.removed += diff.removed.length;
      totals.changed += diff.changed.length;
      keep(lists.added, diff.added.map(toWouldBeSignalJson));
      keep(lists.removed, diff.removed.map(toWouldBeSignalJson));
      keep(
        lists.changed,
        diff.changed.map((c) => ({
          before: toWouldBeSignalJson(c.before),
          after: toWouldBeSignalJson(c.after),
        })),
      );
      for (const r of current.reviewed) totals[r.status === 'CONFIRMED' ? 'confirmed' : 'dismissed'] += 1;
      tallyReviews(current.signals, current.reviewed, overall.current, byRule.current, currentIds);
      tallyReviews(draft.signals, draft.reviewed, overall.draft, byRule.draft, draftIds);
    },
    result() {
      const json = (t: Tally) => ({
        ...rates(t),
        true_positives: t.truePositives,
        false_positives: t.falsePositives,
        false_negatives: t.falseNegatives,
      });
      const named = new Map([...snapshot.current.rules, ...snapshot.draft.rules].map((r) => [r.id, r.name]));
      return {
        current: { signals: totals.current },
        draft: { signals: totals.draft },
        added: { total: totals.added, items: lists.added },
        removed: { total: totals.removed, items: lists.removed },
        changed: { total: totals.changed, items: lists.changed },
        reviewed: { confirmed: totals.confirmed, dismissed: totals.dismissed },
        precision_recall: {
          current: json(overall.current),
          draft: json(overall.draft),
          rules: [...named].map(([id, name]) => {
            const c = byRule.current.get(id) ?? (currentIds.includes(id) ? emptyTally() : undefined);
            const d = byRule.draft.get(id) ?? (draftIds.includes(id) ? emptyTally() : undefined);
            return { rule_id: id, rule_name: name, current: c ? json(c) : null, draft: d ? json(d) : null };
          }),
        },
      };
    },
  };
}

/**
 * Works one backtest (issue 13): each profile of the window is replayed twice by the batch scoring,
 * with the current rules and with the draft, in transactions that roll back (scoring/backtest.ts);
 * only the comparison is kept, and stored on the backtest row at the end. A job that stops part way
 * starts over on retry: there is nothing to resume from, since nothing else was written.
 */
export function createBacktestRunner(deps: BacktestRunnerDeps) {
  const { db, store, clock } = deps;

  async function profileIdsOf(b: Backtest): Promise<string[]> {
    if (b.request.profileIds) return b.request.profileIds;
    const ids: string[] = [];
    for (let afterId: string | undefined; ;) {
      const page = await deps.batchRuns.listEligibleProfileIds(db, b.tenantId, b.environment, {
        afterId,
        limit: 500,
      });
      if (page.length === 0) return ids;
      ids.push(...page);
      afterId = page[page.length - 1];
    }
  }

  async function run(id: string, signal: AbortSignal): Promise<void> {
    const found = await store.findForWork(db, id);
    if (!found || (found.backtest.status !== 'QUEUED' && found.backtest.status !== 'RUNNING')) return;
    const { backtest, snapshot } = found;
    const profileIds = await profileIdsOf(backtest);
    const startedAtMs = clock.nowMs();
    await store.updateIf(db, id, ['QUEUED', 'RUNNING'], {
      status: 'RUNNING',
      started_at: backtest.startedAtMs ?? startedAtMs,
      profiles_total: profileIds.length,
      profiles_done: 0,
      errors: 0,
    });
    const ctx = contextOf(backtest);
    const request = { ...backtest.request, ruleIds: null };
    const envs = {
      current: { rules: toEngineRules(snapshot.current.rules), settings: snapshot.current.settings },
      draft: { rules: toEngineRules(snapshot.draft.rules), settings: snapshot.draft.settings },
    };
    const result = createAccumulator(snapshot);
    let errors = 0;
    for (const [index, profileId] of profileIds.entries()) {
      if (signal.aborted) throw new Error('backtest was stopped before it finished; it starts over');
      if (index % PROGRESS_EVERY === 0) {
        if ((await store.findStatus(db, id)) !== 'RUNNING') return;
        await store.updateIf(db, id, ['RUNNING'], { profiles_done: index, errors });
      }
      const replay = async (side: 'current' | 'draft') =>
        dryScoreProfile(db, ctx, deps.scoring, {
          profileId,
          request,
          env: { ...envs[side], nowMs: clock.nowMs(), batchRunId: id },
        });
      let passes: [DryPass, DryPass] | undefined;
      // Once more first: the failure may have been the database's, not the profile's.
      for (let attempt = 0; attempt < 2 && !passes; attempt++) {
        try {
          passes = [await replay('current'), await replay('draft')];
        } catch (error) {
          if (attempt === 1) {
            errors += 1;
            console.error(`backtest ${id}: profile ${profileId}: ${errorMessage(error)}`);
          }
        }
      }
      if (passes) result.add(...passes);
      await yieldToEventLoop();
    }
    await store.updateIf(db, id, ['RUNNING'], {
      status: 'COMPLETED',
      profiles_done: profileIds.length,
      errors,
      result: JSON.stringify(result.result()),
      finished_at: clock.nowMs(),
    });
  }

  return {
    run,
    async fail(id: string, reason: string): Promise<void> {
      await store.updateIf(db, id, ['QUEUED', 'RUNNING'], {
        status: 'FAILED',
        failure_reason: reason,
        finished_at: clock.nowMs(),
      });
    },
  };
}
export type BacktestRunner = ReturnType<typeof createBacktestRunner>;

/** The task a worker registers for backtests. */
export function createBacktestTask(runner: BacktestRunner): Task<{ backtestId: string }> {
  return {
    name: BACKTEST_TASK,
    parse: (payload) => ({
      backtestId: uuidField(BACKTEST_TASK, payloadObject(BACKTEST_TASK, payload), 'backtest_id'),
    }),
    run: ({ backtestId }, { signal }) => runner.run(backtestId, signal),
    fail: ({ backtestId }, reason) => runner.fail(backtestId, reason),
  };
}
