import { isSuppressed, type Suppression } from './suppression.js';
import { noisyOr, type ItemScore } from './scoring.js';
import type { ScoredItem } from './types.js';

/** The counterparty a suppression names for an item: a transaction's counterparty, an event's party. */
function counterpartyOf(item: ScoredItem): string | null {
  return item.kind === 'transaction' ? item.transaction.counterpartyId : item.event.partyId;
}

/**
 * The item's score without the hits a dismissal silenced (issue 13, learning from reviews): a rule
 * covered by an unexpired suppression of this profile (and of the item's counterparty when it names
 * one) no longer counts toward a signal. The vulnerability modifier goes too when nothing else is
 * left, as it never stands alone.
 */
export function withoutSuppressed(
  score: ItemScore,
  item: ScoredItem,
  profileId: string,
  suppressions: readonly Suppression[],
  nowMs: number,
): ItemScore {
  if (suppressions.length === 0) return score;
  const counterpartyId = counterpartyOf(item);
  const kept = score.fired.filter(
    (f) => !isSuppressed(suppressions, { profileId, counterpartyId, ruleId: f.rule.id }, nowMs),
  );
  if (kept.length === score.fired.length) return score;
  const measured = kept.filter((f) => f.rule.ruleType !== 'CONTEXT_MODIFIER');
  const fired = measured.length === 0 ? [] : kept;
  return { ...score, fired, score: noisyOr(fired.map((f) => f.rule.weight)) };
}
