import type { RiskLevel, RuleType, Severity, SignalCategory } from '../values/enums.js';
import type { Fired, Measurement } from './types.js';

/** The tenant's rule record as scoring needs it: what a measurement weighs (detection.md §1). */
export interface WeighedRule {
  id: string;
  name: string;
  ruleType: RuleType;
  version: number;
  weight: number;
  severity: Severity;
  signalCategory: SignalCategory;
}

export interface FiredRule {
  rule: WeighedRule;
  measurement: Fired;
  /** The measurement's own category (keyword group, related party) or else the rule's. */
  category: SignalCategory;
}

export interface ItemScore {
  score: number;
  fired: FiredRule[];
  /** Rules that could not measure for lack of a READY baseline. */
  insufficientRuleIds: string[];
}

const SEVERITY_RANK: Record<Severity, number> = { LOW: 0, MEDIUM: 1, HIGH: 2, CRITICAL: 3 };
export const CRITICAL_COMBINATION_WINDOW_MS = 72 * 3_600_000;

/** 1 − Π(1 − wᵢ): order-independent and always within 0..1. */
export function noisyOr(weights: readonly number[]): number {
  let keep = 1;
  for (const w of weights) keep *= 1 - w;
  return 1 - keep;
}

/** The band of a score: LOW < 0.4 ≤ MEDIUM < 0.6 ≤ HIGH < 0.8 ≤ CRITICAL (detection.md §2). */
export function scoreBand(score: number): Severity {
  if (score >= 0.8) return 'CRITICAL';
  if (score >= 0.6) return 'HIGH';
  if (score >= 0.4) return 'MEDIUM';
  return 'LOW';
}

export function riskLevelOf(score: number): RiskLevel {
  return score <= 0 ? 'NONE' : scoreBand(score);
}

export function maxSeverity(a: Severity, b: Severity): Severity {
  return SEVERITY_RANK[a] >= SEVERITY_RANK[b] ? a : b;
}

export function isHighOrAbove(severity: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK.HIGH;
}

/**
 * Weighs one item's measurements: a CONTEXT_MODIFIER joins only when another rule fired, and the
 * score is the noisy-OR of the fired rules' weights.
 */
export function weigh(results: readonly { rule: WeighedRule; measurement: Measurement }[]): ItemScore {
  const fired: FiredRule[] = [];
  const modifiers: FiredRule[] = [];
  const insufficientRuleIds: string[] = [];
  for (const { rule, measurement } of results) {
    if (measurement.outcome === 'INSUFFICIENT_HISTORY') insufficientRuleIds.push(rule.id);
    if (measurement.outcome !== 'FIRED') continue;
    const entry = { rule, measurement, category: measurement.category ?? rule.signalCategory };
    (rule.ruleType === 'CONTEXT_MODIFIER' ? modifiers : fired).push(entry);
  }
  if (fired.length > 0) fired.push(...modifiers);
  return { score: noisyOr(fired.map((f) => f.rule.weight)), fired, insufficientRuleIds };
}

/**
 * The signal's category: that of the highest-weight fired rule, any specific category before
 * UNDETERMINED; modifiers never decide it.
 */
export function categoryOf(
  fired: readonly { rule: WeighedRule; category: SignalCategory }[],
): SignalCategory {
  let best: { weight: number; category: SignalCategory } | undefined;
  for (const f of fired) {
    if (f.rule.ruleType === 'CONTEXT_MODIFIER') continue;
    const specific = f.category !== 'UNDETERMINED';
    const bestSpecific = best !== undefined && best.category !== 'UNDETERMINED';
    if (!best || (specific && !bestSpecific) || (specific === bestSpecific && f.rule.weight > best.weight)) {
      best = { weight: f.rule.weight, category: f.category };
    }
  }
  return best?.category ?? 'UNDETERMINED';
}

export interface SeverityFact {
  severity: Severity;
  category: SignalCategory;
  occurredAtMs: number;
}

/** Two HIGH-or-above hits of different categories within 72 hours of each other (item time). */
export function hasCriticalCombination(facts: readonly SeverityFact[]): boolean {
  const high = facts.filter((f) => isHighOrAbove(f.severity)).sort((a, b) => a.occurredAtMs - b.occurredAtMs);
  for (let i = 0; i < high.length; i++) {
    for (let j = i + 1; j < high.length; j++) {
      const a = high[i];
      const b = high[j];
      if (!a || !b || b.occurredAtMs - a.occurredAtMs > CRITICAL_COMBINATION_WINDOW_MS) break;
      if (a.category !== b.category) return true;
    }
  }
  return false;
}

/** The higher of the score's band and the highest fired severity; CRITICAL on a critical combination. */
export function severityFor(score: number, facts: readonly SeverityFact[]): Severity {
  if (hasCriticalCombination(facts)) return 'CRITICAL';
  return facts.reduce<Severity>((worst, f) => maxSeverity(worst, f.severity), scoreBand(score));
}
