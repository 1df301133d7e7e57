import { compareTimeThenId } from '../activity.js';
import { BASELINE_MAX_AGE_MS } from '../baseline/freshness.js';
import type { Baseline } from '../baseline/baseline.js';
import { evaluateItem, raiseSignal, type EngineRule } from './engine.js';
import { evidenceKey } from './grouping.js';
import { DAY_MS, itemId, itemTime } from './history.js';
import type { ItemScore } from './scoring.js';
import type { SignalState } from './signal.js';
import type { DetectionSettings, History, ProfileFacts, RuleInput, ScoredItem } from './types.js';

// Late data (issue 13): when an item arrives after later items of its profile were scored, the
// profile is replayed from the earliest point the late item can change, in item time, as in-order
// arrival would have scored it. Pure: the shell (scoring/late-data.ts) loads and writes.

/** A point in the scoring order: item time, ties by item ID (the engine's order). */
export interface OrderKey {
  atMs: number;
  id: string;
}

export const compareOrder = (a: OrderKey, b: OrderKey): number =>
  compareTimeThenId(a.atMs, a.id, b.atMs, b.id);
export const orderOf = (item: ScoredItem): OrderKey => ({ atMs: itemTime(item), id: itemId(item) });

/**
 * The earliest item of `added` that sorts before an item already scored (`scored`, the rest of the
 * profile's history), or undefined when everything added comes after it: the in-order case.
 */
export function earliestLate(
  added: readonly ScoredItem[],
  latestScored: OrderKey | undefined,
): OrderKey | undefined {
  if (latestScored === undefined) return undefined;
  let earliest: OrderKey | undefined;
  for (const item of added) {
    const key = orderOf(item);
    if (compareOrder(key, latestScored) < 0 && (earliest === undefined || compareOrder(key, earliest) < 0))
      earliest = key;
  }
  return earliest;
}

/**
 * Where the replay must start so every signal it rebuilds is rebuilt whole: the late item, moved
 * back to the first evidence of any open signal that holds evidence from there on or could still
 * take evidence from there (its last item within the grouping window), until no such signal starts
 * earlier. (Evidence at or after the point makes last_seen_at reach it.) Signals entirely before that point cannot change: rules only look back, and grouping
 * cannot reach them.
 */
export function replayStart(
  late: OrderKey,
  open: readonly Pick<SignalState, 'firstSeenMs' | 'lastSeenMs'>[],
  groupingWindowDays: number,
): number {
  const windowMs = groupingWindowDays * DAY_MS;
  let startMs = late.atMs;
  for (;;) {
    let next = startMs;
    for (const s of open) if (s.lastSeenMs >= startMs - windowMs) next = Math.min(next, s.firstSeenMs);
    if (next === startMs) return startMs;
    startMs = next;
  }
}

/**
 * The stored baseline each item was scored with in order (realtime.ts with chooseBaseline): the
 * first item recomputes it as of its own time, and each item whose baseline is more than 7 days
 * older recomputes it again. Returns the as-of time per item ID. Replaying with the same anchors, each
 * baseline rebuilt from the full history as of its anchor, makes a re-score equal in-order arrival.
 */
export function baselineAnchors(items: readonly ScoredItem[]): Map<string, number> {
  const anchors = new Map<string, number>();
  let anchor: number | undefined;
  for (const item of items) {
    const at = itemTime(item);
    if (anchor === undefined || anchor < at - BASELINE_MAX_AGE_MS) anchor = at;
    anchors.set(itemId(item), anchor);
  }
  return anchors;
}

export interface ReplayInput {
  profileId: string;
  facts: ProfileFacts;
  history: History;
  settings: DetectionSettings;
  rules: readonly EngineRule[];
  threshold: number;
  groupingWindowDays: number;
  requireCorroboration: boolean;
  /** The items to score, oldest first. */
  items: readonly ScoredItem[];
  baselineFor(item: ScoredItem): Baseline | null;
  /** Open signals the replay does not rebuild (all before its start): context, never regrouped. */
  fixed: readonly SignalState[];
  /** "rule|item" keys other signals hold (reviewed ones): never raised again. */
  heldKeys: ReadonlySet<string>;
  /** The score without hits a dismissal silenced. */
  raisable(score: ItemScore, item: ScoredItem): ItemScore;
  debitAmounts: ReadonlyMap<string, number>;
  /** Counterparties confirmed as exploitation, as real-time scoring sees them; none when absent. */
  confirmedCounterparties?: RuleInput['confirmedCounterparties'];
}

export interface ReplayedItem {
  item: ScoredItem;
  score: ItemScore;
  /** The replayed signal (its replay ID) the item added evidence to. */
  signalId: string | null;
}

/**
 * Scores `items` in order exactly as real-time scoring does (profile.ts score: evaluate, leave out
 * suppressed hits, raise or group), starting from no rebuilt signal. Signals get replay IDs
 * ("replay-1", …); reconcile.ts matches them to stored signals.
 */
export function replay(input: ReplayInput): { signals: SignalState[]; items: ReplayedItem[] } {
  const rebuilt: SignalState[] = [];
  const raisedKeys = new Set(input.heldKeys);
  const results: ReplayedItem[] = [];
  let next = 0;
  for (const item of input.items) {
    const active = [...input.fixed, ...rebuilt];
    const ruleInput = {
      profile: input.facts,
      baseline: input.baselineFor(item),
      history: input.history,
      item,
      settings: input.settings,
      ...(input.confirmedCounterparties && { confirmedCounterparties: input.confirmedCounterparties }),
      priorFirings: active.flatMap((s) =>
        s.evidence.map((e) => ({ ruleId: e.ruleId, occurredAtMs: e.occurredAtMs })),
      ),
    };
    const score = evaluateItem(ruleInput, input.rules);
    const raised = raiseSignal(input.raisable(score, item), ruleInput, {
      profileId: input.profileId,
      threshold: input.threshold,
      groupingWindowDays: input.groupingWindowDays,
      active,
      raisedKeys,
      debitAmounts: input.debitAmounts,
      newSignalId: () => `replay-${++next}`,
      requireCorroboration: input.requireCorroboration,
    });
    // A fixed signal lies before the replay's start and beyond the grouping window: never a group.
    if (raised) {
      const at = rebuilt.findIndex((s) => s.id === raised.signal.id);
      if (at === -1) rebuilt.push(raised.signal);
      else rebuilt[at] = raised.signal;
      for (const e of raised.added) raisedKeys.add(evidenceKey(e));
    }
    results.push({ item, score, signalId: raised?.signal.id ?? null });
  }
  return { signals: rebuilt, items: results };
}
