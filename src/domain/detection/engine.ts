import { itemId, itemTime } from './history.js';
import {
  categoryOf,
  isHighOrAbove,
  weigh,
  type FiredRule,
  type ItemScore,
  type SeverityFact,
  type WeighedRule,
} from './scoring.js';
import { findGroup, mergeEvidence, evidenceKey } from './grouping.js';
import type { Evidence, SignalState } from './signal.js';
import { payeeKind } from './payee-kind.js';
import type { Measurement, PriorFiring, RuleInput, RuleTypeDefinition, ScoredItem } from './types.js';

/** A tenant rule ready to run: its record, its type's definition and its validated parameters. */
export interface EngineRule extends WeighedRule {
  definition: RuleTypeDefinition<never>;
  parameters: Record<string, unknown>;
}

/**
 * Measures one item with every rule and weighs the results (detection.md §1–2). COMPOSITE rules run
 * last and see this item's firings; batch-only rules run only when `batch` is set.
 */
export function evaluateItem(
  input: RuleInput,
  rules: readonly EngineRule[],
  options: { batch?: boolean } = {},
): ItemScore {
  const batch = options.batch === true;
  let hasComposite = false;
  for (const rule of rules) if (rule.ruleType === 'COMPOSITE') hasComposite = true;
  // weigh() keeps a CONTEXT_MODIFIER only when another rule fired, so with no COMPOSITE rule to see
  // its firing it is measured only then (it fires on most items of an older customer, and never
  // answers INSUFFICIENT_HISTORY, which weigh() would keep).
  const deferModifiers = !hasComposite;
  // Only what weigh() reads: NOT_FIRED measurements count for nothing.
  const results: RuleResult[] = [];
  let firedNow: PriorFiring[] | undefined;
  let anyFired = false;
  const atMs = itemTime(input.item);
  for (const rule of rules) {
    if (rule.ruleType === 'COMPOSITE' || (!rule.definition.realTime && !batch)) continue;
    if (deferModifiers && rule.ruleType === 'CONTEXT_MODIFIER') continue;
    const measurement = rule.definition.measure(input, rule.parameters as never);
    if (measurement.outcome === 'NOT_FIRED') continue;
    results.push({ rule, measurement });
    if (measurement.outcome !== 'FIRED') continue;
    anyFired = true;
    if (hasComposite) (firedNow ??= []).push({ ruleId: rule.id, occurredAtMs: atMs });
  }
  if (deferModifiers && anyFired)
    for (const rule of rules) {
      if (rule.ruleType !== 'CONTEXT_MODIFIER' || (!rule.definition.realTime && !batch)) continue;
      const measurement = rule.definition.measure(input, rule.parameters as never);
      if (measurement.outcome !== 'NOT_FIRED') results.push({ rule, measurement });
    }
  if (hasComposite) {
    const withFirings = { ...input, priorFirings: [...input.priorFirings, ...(firedNow ?? [])] };
    for (const rule of rules) {
      if (rule.ruleType !== 'COMPOSITE') continue;
      const measurement = rule.definition.measure(withFirings, rule.parameters as never);
      if (measurement.outcome !== 'NOT_FIRED') results.push({ rule, measurement });
    }
  }
  return weigh(results);
}

interface RuleResult {
  rule: EngineRule;
  measurement: Measurement;
}

export function toEvidence(fired: FiredRule, input: RuleInput): Evidence {
  const { rule, measurement: m } = fired;
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    ruleType: rule.ruleType,
    ruleVersion: rule.version,
    weight: rule.weight,
    severity: rule.severity,
    category: fired.category,
    measured: m.measured,
    threshold: m.threshold,
    baseline: m.baseline,
    ...(m.money === undefined ? {} : { money: m.money }),
    reason: m.reason,
    transactionIds: m.transactionIds,
    eventIds: m.eventIds,
    itemId: itemId(input.item),
    itemKind: input.item.kind,
    occurredAtMs: itemTime(input.item),
  };
}

/**
 * Whether an item's hits may open a new case on their own (issue 13): a HIGH-or-above rule, an
 * account-event sequence (itself two observations: an event and what followed, or a person's
 * concern), or at least two rules. One medium-weight measurement alone (a large debit,
 * a channel shift, a burst) on a payment to a business or with no payee is an anomaly to corroborate,
 * not a case (a payment to an individual or over a wire, crypto or gift cards corroborates it); it
 * still joins an open signal of its category, and the item's evaluation keeps it.
 */
export function isCorroborated(fired: readonly FiredRule[], item?: ScoredItem): boolean {
  const measured = fired.filter(
    (f) => f.rule.ruleType !== 'CONTEXT_MODIFIER' && !(isToDeclaredFamily(item) && isGenericAnomaly(f)),
  );
  if (measured.some((f) => isHighOrAbove(f.rule.severity))) return true;
  // A sequence is two observations (an event and what followed); a missing benefit or bill is an
  // absence over several cycles: both are corroborated in themselves.
  if (
    measured.some(
      (f) => f.rule.ruleType === 'ACCOUNT_EVENT_SEQUENCE' || f.rule.ruleType === 'MISSING_EXPECTED_ACTIVITY',
    )
  )
    return true;
  // Money to a person or over a rail that cannot be called back is itself the second observation.
  if (item?.kind === 'transaction' && item.transaction.direction === 'DEBIT') {
    const kind = payeeKind(item.transaction);
    if (kind === 'SCAM_RAIL' || (kind === 'PERSON' && item.transaction.counterpartyType === 'INDIVIDUAL'))
      return measured.length > 0;
  }
  return new Set(measured.map((f) => f.rule.id)).size >= 2;
}

/** The rule types that measure "unusual for this customer" without saying who gets the money. */
const GENERIC_TYPES: ReadonlySet<string> = new Set(['BASELINE_DEVIATION', 'VELOCITY']);
const isGenericAnomaly = (f: FiredRule) =>
  GENERIC_TYPES.has(f.rule.ruleType) && !isHighOrAbove(f.rule.severity);

/**
 * A debit to a relative the bank has on file (counterparty_relationship FAMILY). A one-off large
 * gift or loan to family is what families do (help with rent, a car repair, tuition): a large or
 * unusual amount on it is no evidence. Whether family money is theft is what the RELATIONSHIP and
 * DORMANCY rules measure (transfers repeated or creeping, a dormant account emptied), so medium
 * generic anomalies on such a debit corroborate nothing (issue 13).
 */
function isToDeclaredFamily(item: ScoredItem | undefined): boolean {
  return (
    item?.kind === 'transaction' &&
    item.transaction.direction === 'DEBIT' &&
    item.transaction.counterpartyRelationship === 'FAMILY'
  );
}

export interface RaiseContext {
  profileId: string;
  threshold: number;
  groupingWindowDays: number;
  /** The profile's ACTIVE signals. */
  active: readonly SignalState[];
  /** "rule|item" keys already raised in any signal: never added twice. */
  raisedKeys: ReadonlySet<string>;
  /** Debit amounts by transaction ID, for amount_at_risk. */
  debitAmounts: ReadonlyMap<string, number>;
  newSignalId: () => string;
  /** False for the sandbox's fixed test-name outcomes (api.md §7), which raise whatever the rules. */
  requireCorroboration?: boolean;
}

export interface Raised {
  signal: SignalState;
  isNew: boolean;
  added: Evidence[];
}

/**
 * Turns an item's score into a signal: nothing below the threshold or when all its evidence was
 * raised before; else the evidence joins the ACTIVE signal of its category within the grouping
 * window, or opens a new one (detection.md §2).
 */
export function raiseSignal(score: ItemScore, input: RuleInput, ctx: RaiseContext): Raised | undefined {
  if (score.fired.length === 0 || score.score < ctx.threshold) return undefined;
  const evidence = score.fired
    .map((f) => toEvidence(f, input))
    .filter((e) => !ctx.raisedKeys.has(evidenceKey(e)));
  if (evidence.length === 0) return undefined;
  const at = itemTime(input.item);
  const category = categoryOf(score.fired);
  const group = findGroup(ctx.active, category, at, ctx.groupingWindowDays);
  if (!group && ctx.requireCorroboration !== false && !isCorroborated(score.fired, input.item))
    return undefined;
  const base: SignalState = group ?? {
    id: ctx.newSignalId(),
    profileId: ctx.profileId,
    status: 'ACTIVE',
    category,
    severity: 'LOW',
    score: 0,
    evidence: [],
    debits: {},
    amountAtRiskMinor: 0,
    firstSeenMs: at,
    lastSeenMs: at,
    summary: '',
    batchRunId: null,
    review: null,
  };
  // Other open signals' strong hits near this item count toward the CRITICAL combination.
  const context: SeverityFact[] = ctx.active
    .filter((s) => s.id !== base.id)
    .flatMap((s) => s.evidence)
    .filter((e) => Math.abs(e.occurredAtMs - at) <= 72 * 3_600_000)
    .map((e) => ({ severity: e.severity, category: e.category, occurredAtMs: e.occurredAtMs }));
  const merged = mergeEvidence(base, evidence, ctx.debitAmounts, context);
  return merged.added.length === 0
    ? undefined
    : { signal: merged.signal, isNew: !group, added: merged.added };
}
