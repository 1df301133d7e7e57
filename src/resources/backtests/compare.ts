import type { ReviewedSignal, WouldBeSignal } from '../../scoring/backtest.js';

// What a backtest concludes from two dry passes over the same profile, one with the current rules and
// one with the draft. Pure: the runner feeds it profile by profile and keeps only these totals.

/** Lists of the result keep at most this many entries each; their totals count them all. */
export const RESULT_LIST_CAP = 200;

export interface ChangedSignal {
  before: WouldBeSignal;
  after: WouldBeSignal;
}

export interface SignalDiff {
  added: WouldBeSignal[];
  removed: WouldBeSignal[];
  changed: ChangedSignal[];
}

const itemsOf = (s: WouldBeSignal) => new Set(s.evidence.map((e) => e.itemId));
const keysOf = (s: WouldBeSignal) =>
  s.evidence
    .map((e) => `${e.ruleId}|${e.itemId}`)
    .sort()
    .join(',');

/**
 * Pairs one profile's would-be signals: a draft signal is the same signal as a current one when they
 * share the category and at least one evidence item (signal IDs are new on every pass, so content is
 * what identifies them). A pair is changed when its severity, score or evidence (rule × item) differ;
 * a draft signal with no pair is added, a current one with no pair removed.
 */
export function diffSignals(current: readonly WouldBeSignal[], draft: readonly WouldBeSignal[]): SignalDiff {
  const unmatched = current.map((c) => ({ signal: c, items: itemsOf(c) }));
  const diff: SignalDiff = { added: [], removed: [], changed: [] };
  for (const after of draft) {
    const items = itemsOf(after);
    const index = unmatched.findIndex(
      (c) => c.signal.category === after.category && [...items].some((i) => c.items.has(i)),
    );
    const pair = unmatched[index];
    if (!pair) {
      diff.added.push(after);
      continue;
    }
    unmatched.splice(index, 1);
    const before = pair.signal;
    if (
      before.severity !== after.severity ||
      before.score !== after.score ||
      keysOf(before) !== keysOf(after)
    )
      diff.changed.push({ before, after });
  }
  diff.removed.push(...unmatched.map((c) => c.signal));
  return diff;
}

/** Reviewed signals a rule set caught (true positives), raised on a dismissed one (false positives) or missed. */
export interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

export const emptyTally = (): Tally => ({ truePositives: 0, falsePositives: 0, falseNegatives: 0 });

/**
 * Scores a rule set's would-be signals against the reviewed ones, overall and per rule: a reviewed
 * signal counts as raised when some would-be signal has evidence on one of its items (for a rule:
 * evidence of that rule). CONFIRMED is positive, DISMISSED negative.
 */
export function tallyReviews(
  signals: readonly WouldBeSignal[],
  reviewed: readonly ReviewedSignal[],
  overall: Tally,
  byRule: Map<string, Tally>,
  ruleIds: readonly string[],
): void {
  const firedOn = new Map<string, Set<string>>();
  for (const s of signals)
    for (const e of s.evidence) {
      const rules = firedOn.get(e.itemId) ?? new Set<string>();
      rules.add(e.ruleId);
      firedOn.set(e.itemId, rules);
    }
  const count = (tally: Tally, label: ReviewedSignal['status'], raised: boolean) => {
    if (label === 'CONFIRMED' && raised) tally.truePositives += 1;
    else if (label === 'CONFIRMED') tally.falseNegatives += 1;
    else if (raised) tally.falsePositives += 1;
  };
  for (const r of reviewed) {
    count(
      overall,
      r.status,
      r.itemIds.some((i) => firedOn.has(i)),
    );
    for (const ruleId of ruleIds) {
      let tally = byRule.get(ruleId);
      if (!tally) byRule.set(ruleId, (tally = emptyTally()));
      count(
        tally,
        r.status,
        r.itemIds.some((i) => firedOn.get(i)?.has(ruleId) === true),
      );
    }
  }
}

/** Precision and recall of a tally; null where nothing was raised (precision) or nothing confirmed (recall). */
export function rates(t: Tally): { precision: number | null; recall: number | null } {
  const raised = t.truePositives + t.falsePositives;
  const positives = t.truePositives + t.falseNegatives;
  return {
    precision: raised === 0 ? null : t.truePositives / raised,
    recall: positives === 0 ? null : t.truePositives / positives,
  };
}
