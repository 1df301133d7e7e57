import type { Kysely } from 'kysely';
import type { TenantContext } from '../api/context.js';
import type { Evidence } from '../domain/detection/signal.js';
import type { Severity, SignalCategory } from '../domain/values/enums.js';
import type { BatchRunRequest } from '../resources/batch-runs/batch-run.js';
import type { Database } from '../store/database.js';
import { withTransaction, type Executor } from '../store/transaction.js';
import { inProcessScorer, scoreBatchProfile, type BatchScoringDeps } from './batch.js';
import type { ScoringEnv } from './profile.js';

/** One piece of evidence a signal would carry: which rule fired on which item. */
export interface WouldBeEvidence {
  ruleId: string;
  ruleName: string;
  itemId: string;
  occurredAtMs: number;
}

/** A signal a rule set would raise (or extend) over the window, with its evidence on the window's items. */
export interface WouldBeSignal {
  profileId: string;
  category: SignalCategory;
  severity: Severity;
  score: number;
  evidence: WouldBeEvidence[];
}

/** A signal analysts reviewed whose evidence lies in the window: the labels precision and recall are measured on. */
export interface ReviewedSignal {
  signalId: string;
  status: 'CONFIRMED' | 'DISMISSED';
  itemIds: string[];
}

const SLICE = 500;

/** Thrown to end a dry pass: its transaction rolls back and the value it carries is the pass's result. */
class DryRunDone<T> extends Error {
  constructor(readonly value: T) {
    super('dry run rolled back');
  }
}

async function windowItemIds(
  trx: Executor,
  ctx: TenantContext,
  profileId: string,
  range: { fromMs: number; toMs: number },
): Promise<string[]> {
  const ids: string[] = [];
  for (const table of ['transactions', 'account_events'] as const) {
    const rows = await trx
      .selectFrom(table)
      .select('id')
      .where('tenant_id', '=', ctx.tenantId)
      .where('environment', '=', ctx.environment)
      .where('profile_id', '=', profileId)
      .where('occurred_at', '>=', range.fromMs)
      .where('occurred_at', '<', range.toMs)
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

async function evidenceOn(trx: Executor, ctx: TenantContext, itemIds: readonly string[]) {
  const rows: { signal_id: string; content: string }[] = [];
  for (let i = 0; i < itemIds.length; i += SLICE)
    rows.push(
      ...(await trx
        .selectFrom('signal_evidence')
        .select(['signal_id', 'content'])
        .where('tenant_id', '=', ctx.tenantId)
        .where('environment', '=', ctx.environment)
        .where('item_id', 'in', itemIds.slice(i, i + SLICE))
        .execute()),
    );
  return rows.map((r) => ({ signalId: r.signal_id, evidence: JSON.parse(r.content) as Evidence }));
}

async function signalRows(trx: Executor, ids: readonly string[]) {
  const rows = [];
  for (let i = 0; i < ids.length; i += SLICE)
    rows.push(
      ...(await trx
        .selectFrom('signals')
        .select(['id', 'profile_id', 'status', 'signal_category', 'severity', 'score'])
        .where('id', 'in', ids.slice(i, i + SLICE))
        .orderBy('id')
        .execute()),
    );
  return rows;
}

/**
 * The window as if nothing in it had been scored: every signal with evidence on one of its items goes,
 * with all its evidence. Only ever run inside a dry pass's transaction, which rolls back.
 */
async function forgetWindow(trx: Executor, signalIds: readonly string[]): Promise<void> {
  for (let i = 0; i < signalIds.length; i += SLICE) {
    const slice = signalIds.slice(i, i + SLICE);
    await trx.deleteFrom('signal_evidence').where('signal_id', 'in', slice).execute();
    await trx.deleteFrom('signals').where('id', 'in', slice).execute();
  }
}

export interface DryPass {
  signals: WouldBeSignal[];
  /** The reviewed signals of the window as they were before the pass (the same for every rule set). */
  reviewed: ReviewedSignal[];
}

/**
 * What a batch run over `request`'s window would raise for one profile with `env`'s rules, written
 * nowhere (issue 13, backtests). The very same batch scoring runs, in a transaction that always rolls
 * back: first the window is made fresh (its signals forgotten, so a window scored before replays as if
 * it had not been), then the profile is scored as a batch run scores it, then the signals with evidence
 * on the window's items are read back, and everything is rolled back. Running the real code rather than
 * a copy of it is what makes a backtest equal a batch run with the draft applied.
 */
export async function dryScoreProfile(
  db: Kysely<Database>,
  ctx: TenantContext,
  deps: BatchScoringDeps,
  args: { profileId: string; request: BatchRunRequest; env: ScoringEnv },
): Promise<DryPass> {
  try {
    await withTransaction(db, async (trx) => {
      const items = await windowItemIds(trx, ctx, args.profileId, args.request);
      const before = await evidenceOn(trx, ctx, items);
      const touched = [...new Set(before.map((e) => e.signalId))];
      const reviewed = (await signalRows(trx, touched))
        .filter((s) => s.status === 'CONFIRMED' || s.status === 'DISMISSED')
        .map((s) => ({
          signalId: s.id,
          status: s.status as ReviewedSignal['status'],
          itemIds: [...new Set(before.filter((e) => e.signalId === s.id).map((e) => e.evidence.itemId))],
        }));
      await forgetWindow(trx, touched);
      await scoreBatchProfile(trx, ctx, deps, {
        profileId: args.profileId,
        request: args.request,
        nowMs: args.env.nowMs,
        batchRunId: args.env.batchRunId,
        settings: args.env.settings,
        scorer: inProcessScorer({ rules: args.env.rules, settings: args.env.settings }),
      });
      const after = await evidenceOn(trx, ctx, items);
      const rows = await signalRows(trx, [...new Set(after.map((e) => e.signalId))]);
      const signals = rows.map((s) => ({
        profileId: s.profile_id,
        category: s.signal_category as SignalCategory,
        severity: s.severity as Severity,
        score: s.score,
        evidence: after
          .filter((e) => e.signalId === s.id)
          .map(({ evidence: e }) => ({
            ruleId: e.ruleId,
            ruleName: e.ruleName,
            itemId: e.itemId,
            occurredAtMs: e.occurredAtMs,
          }))
          .sort((a, b) => a.occurredAtMs - b.occurredAtMs || a.ruleId.localeCompare(b.ruleId)),
      }));
      throw new DryRunDone<DryPass>({ signals, reviewed });
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.value as DryPass;
    throw error;
  }
  throw new Error('a dry pass must roll back');
}
