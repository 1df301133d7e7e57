import type { SignalCategory } from '../values/enums.js';
import { formatMoney } from './history.js';
import type { SignalState } from './signal.js';

const CATEGORY_LABELS: Record<SignalCategory, string> = {
  SCAM_GOVERNMENT_IMPOSTER: 'Possible government imposter scam',
  SCAM_ROMANCE: 'Possible romance scam',
  SCAM_TECH_SUPPORT: 'Possible tech-support scam',
  SCAM_PERSON_IN_NEED: 'Possible grandparent or person-in-need scam',
  SCAM_LOTTERY_SWEEPSTAKES: 'Possible lottery or sweepstakes scam',
  SCAM_INVESTMENT: 'Possible investment scam',
  SCAM_OTHER: 'Possible scam',
  MONEY_MULE_VICTIM: 'Possible use of the customer as a money mule',
  ACCOUNT_TAKEOVER: 'Possible account takeover',
  THEFT_FAMILY: 'Possible theft by a family member',
  THEFT_CAREGIVER: 'Possible theft by a caregiver',
  THEFT_FIDUCIARY: 'Possible misuse by a fiduciary or power-of-attorney agent',
  THEFT_OTHER_KNOWN_PERSON: 'Possible theft by someone the customer knows',
  POST_DEATH_ACTIVITY: 'Activity after the customer’s death',
  DIMINISHED_CAPACITY_INDICATOR: 'Signs of diminished capacity',
  UNDETERMINED: 'Unusual activity',
};

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/** One plain sentence an analyst can read (api.md §5.6 `summary`): what, which patterns, how much, when. */
export function summarize(
  signal: Pick<
    SignalState,
    'category' | 'evidence' | 'evidenceTotal' | 'amountAtRiskMinor' | 'firstSeenMs' | 'lastSeenMs'
  >,
): string {
  const byWeight = [...signal.evidence].sort(
    (a, b) => b.weight - a.weight || a.ruleName.localeCompare(b.ruleName),
  );
  const patterns = [
    ...new Set(
      byWeight.filter((e) => e.ruleType !== 'CONTEXT_MODIFIER').map((e) => e.ruleName.toLowerCase()),
    ),
  ].slice(0, 3);
  // Evidence not held in memory (a large signal) counts one item each.
  const unseen = Math.max(0, (signal.evidenceTotal ?? 0) - signal.evidence.length);
  const items = new Set(signal.evidence.flatMap((e) => [...e.transactionIds, ...e.eventIds])).size + unseen;
  const period =
    day(signal.firstSeenMs) === day(signal.lastSeenMs)
      ? `on ${day(signal.firstSeenMs)}`
      : `from ${day(signal.firstSeenMs)} to ${day(signal.lastSeenMs)}`;
  const money = signal.amountAtRiskMinor > 0 ? `, ${formatMoney(signal.amountAtRiskMinor)} at risk` : '';
  return `${CATEGORY_LABELS[signal.category]}: ${list(patterns)} (${items} ${items === 1 ? 'item' : 'items'}${money}, ${period}).`;
}
