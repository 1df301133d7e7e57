import { noisyOr, severityFor, maxSeverity, type SeverityFact } from './scoring.js';
import type { Evidence, SignalState } from './signal.js';
import { summarize } from './summary.js';
import type { SignalCategory } from '../values/enums.js';

const DAY_MS = 86_400_000;

/**
 * The ACTIVE signal of this category the new evidence belongs to: one whose last_seen_at lies within
 * the grouping window of the item (in item time, either side), so repeated hits do not flood the queue.
 */
export function findGroup(
  signals: readonly SignalState[],
  category: SignalCategory,
  occurredAtMs: number,
  windowDays: number,
): SignalState | undefined {
  const windowMs = windowDays * DAY_MS;
  return signals.find(
    (s) =>
      s.status === 'ACTIVE' &&
      s.category === category &&
      occurredAtMs >= s.firstSeenMs - windowMs &&
      occurredAtMs <= s.lastSeenMs + windowMs,
  );
}

export const evidenceKey = (e: Pick<Evidence, 'ruleId' | 'itemId'>) => `${e.ruleId}|${e.itemId}`;

/**
 * Adds evidence to a signal (new or existing): keys already present are skipped, the score is the
 * noisy-OR over the distinct rules of all its evidence, severity is recomputed but never lowered, and
 * amount_at_risk sums each distinct debit once (detection.md §2).
 */
export function mergeEvidence(
  signal: SignalState,
  added: readonly Evidence[],
  debitAmounts: ReadonlyMap<string, number>,
  context: readonly SeverityFact[] = [],
): { signal: SignalState; added: Evidence[] } {
  const known = new Set(signal.evidence.map(evidenceKey));
  const fresh = added.filter((e) => !known.has(evidenceKey(e)) && known.add(evidenceKey(e)));
  if (fresh.length === 0) return { signal, added: [] };
  const evidence = [...signal.evidence, ...fresh];
  const weightByRule = new Map<string, number>();
  for (const e of evidence) weightByRule.set(e.ruleId, Math.max(weightByRule.get(e.ruleId) ?? 0, e.weight));
  const score = noisyOr([...weightByRule.values()]);
  const debits = { ...signal.debits };
  for (const e of fresh) {
    for (const id of e.transactionIds) {
      const amount = debitAmounts.get(id);
      if (amount !== undefined) debits[id] = amount;
    }
  }
  const facts: SeverityFact[] = [
    ...evidence.map((e) => ({ severity: e.severity, category: e.category, occurredAtMs: e.occurredAtMs })),
    ...context,
  ];
  // From the signal's own bounds and the new items only: a large signal holds part of its evidence.
  const times = fresh.map((e) => e.occurredAtMs);
  const seen =
    signal.evidence.length === 0
      ? { first: Infinity, last: -Infinity }
      : { first: signal.firstSeenMs, last: signal.lastSeenMs };
  const next: SignalState = {
    ...signal,
    evidence,
    score,
    severity: maxSeverity(signal.severity, severityFor(score, facts)),
    debits,
    amountAtRiskMinor: Object.values(debits).reduce((sum, amount) => sum + amount, 0),
    firstSeenMs: times.reduce((min, t) => Math.min(min, t), seen.first),
    lastSeenMs: times.reduce((max, t) => Math.max(max, t), seen.last),
    ...(signal.evidenceTotal === undefined ? {} : { evidenceTotal: signal.evidenceTotal + fresh.length }),
  };
  next.summary = summarize(next);
  return { signal: next, added: fresh };
}
