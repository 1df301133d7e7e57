import { evidenceKey } from './grouping.js';
import type { ReplayedItem } from './replay.js';
import type { Evidence, SignalState } from './signal.js';

// Late data (issue 13): what must change in the stored signals so they equal the replay. Pure.

/** What one stored or new signal needs so the stored state equals the replay. */
export interface SignalChange {
  /** The stored signal's ID, or the replay ID of a signal to open. */
  id: string;
  isNew: boolean;
  /** The signal's state after the change; null when it keeps none of its evidence (retracted). */
  state: SignalState | null;
  /** Evidence to add. */
  added: Evidence[];
  /** Evidence that no longer holds: kept in the signal's history, marked retracted. */
  retracted: Evidence[];
  /** Evidence that still holds but measured differently (the late item is in its window now). */
  refreshed: Evidence[];
  /** A reviewed signal: only retractions apply; its review, status and score stand. */
  reviewed: boolean;
}

const keysOf = (s: Pick<SignalState, 'evidence'>) => new Set(s.evidence.map(evidenceKey));

function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const k of a) if (b.has(k)) n++;
  return n;
}

/**
 * Pairs each replayed signal with the stored open signal sharing most of its evidence (so IDs, and
 * an analyst's bookmarks, survive a re-score), largest overlaps first, ties to the earlier signal.
 */
function match(stored: readonly SignalState[], replayed: readonly SignalState[]): Map<string, SignalState> {
  const candidates: { storedId: string; replayIndex: number; shared: number; order: number }[] = [];
  stored.forEach((s, si) => {
    const keys = keysOf(s);
    replayed.forEach((r, ri) => {
      const shared = overlap(keys, keysOf(r));
      if (shared > 0)
        candidates.push({ storedId: s.id, replayIndex: ri, shared, order: si * replayed.length + ri });
    });
  });
  candidates.sort((a, b) => b.shared - a.shared || a.order - b.order);
  const byReplay = new Map<string, SignalState>();
  const used = new Set<string>();
  for (const c of candidates) {
    const r = replayed[c.replayIndex];
    if (!r || used.has(c.storedId) || byReplay.has(r.id)) continue;
    used.add(c.storedId);
    const s = stored.find((x) => x.id === c.storedId);
    if (s) byReplay.set(r.id, s);
  }
  return byReplay;
}

function diff(before: readonly Evidence[], after: readonly Evidence[]) {
  const was = new Map(before.map((e) => [evidenceKey(e), e]));
  const now = new Map(after.map((e) => [evidenceKey(e), e]));
  return {
    added: after.filter((e) => !was.has(evidenceKey(e))),
    retracted: before.filter((e) => !now.has(evidenceKey(e))),
    refreshed: after.filter((e) => {
      const old = was.get(evidenceKey(e));
      return old !== undefined && JSON.stringify(old) !== JSON.stringify(e);
    }),
  };
}

function sameState(a: SignalState, b: SignalState): boolean {
  return (
    a.category === b.category &&
    a.severity === b.severity &&
    a.score === b.score &&
    a.amountAtRiskMinor === b.amountAtRiskMinor &&
    a.firstSeenMs === b.firstSeenMs &&
    a.lastSeenMs === b.lastSeenMs &&
    a.summary === b.summary &&
    a.status === b.status
  );
}

/**
 * The changes that bring the stored signals in line with a replay:
 * - `open`: the stored ACTIVE signals the replay rebuilt (all their evidence lies in its range);
 *   each takes the state of the replayed signal matched to it, or, matched to none, is retracted;
 * - replayed signals matched to no stored one are opened;
 * - `reviewed`: reviewed signals with evidence in the replayed range keep their review, status and
 *   score; evidence whose item the replay no longer fires that rule on (at or above the threshold)
 *   is retracted from them, and nothing is added (the review stands on what the analyst saw).
 * Unchanged signals are left out; `storedIdOf` maps each replay ID to the stored signal it kept.
 */
export function reconcile(args: {
  open: readonly SignalState[];
  reviewed: readonly SignalState[];
  replayed: readonly SignalState[];
  items: readonly ReplayedItem[];
  threshold: number;
  /** The first replayed item time: reviewed evidence before it is not in question. */
  fromMs: number;
}): { changes: SignalChange[]; storedIdOf: Map<string, string> } {
  const changes: SignalChange[] = [];
  const byReplay = match(args.open, args.replayed);
  const storedIdOf = new Map([...byReplay].map(([replayId, s]) => [replayId, s.id]));
  const kept = new Set<string>();
  for (const r of args.replayed) {
    const s = byReplay.get(r.id);
    if (!s) {
      changes.push({
        id: r.id,
        isNew: true,
        state: r,
        added: r.evidence,
        retracted: [],
        refreshed: [],
        reviewed: false,
      });
      continue;
    }
    kept.add(s.id);
    const state: SignalState = {
      ...r,
      id: s.id,
      status: 'ACTIVE',
      batchRunId: s.batchRunId,
      review: s.review,
    };
    const d = diff(s.evidence, r.evidence);
    if (d.added.length + d.retracted.length + d.refreshed.length === 0 && sameState(s, state)) continue;
    changes.push({ id: s.id, isNew: false, state, ...d, reviewed: false });
  }
  for (const s of args.open) {
    if (kept.has(s.id)) continue;
    changes.push({
      id: s.id,
      isNew: false,
      state: null,
      added: [],
      retracted: s.evidence,
      refreshed: [],
      reviewed: false,
    });
  }

  const holds = new Set<string>();
  for (const { item, score } of args.items) {
    if (score.score < args.threshold) continue;
    for (const f of score.fired)
      holds.add(
        evidenceKey({
          ruleId: f.rule.id,
          itemId: item.kind === 'transaction' ? item.transaction.id : item.event.id,
        }),
      );
  }
  for (const s of args.reviewed) {
    const retracted = s.evidence.filter((e) => e.occurredAtMs >= args.fromMs && !holds.has(evidenceKey(e)));
    if (retracted.length === 0) continue;
    const left = s.evidence.length - retracted.length;
    changes.push({
      id: s.id,
      isNew: false,
      state: left === 0 ? null : s,
      added: [],
      retracted,
      refreshed: [],
      reviewed: true,
    });
  }
  return { changes, storedIdOf };
}
