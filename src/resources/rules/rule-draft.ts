import { apiError } from '../../api/errors.js';
import { validateNested } from '../../api/validation.js';
import { RULE_TYPE_DEFINITIONS } from '../../domain/detection/rules/index.js';
import type { RuleType, Severity, SignalCategory } from '../../domain/values/enums.js';
import { newId } from '../../lib/ids.js';
import type { Rule } from './rule.js';

/**
 * Parameters checked against the type's schema, defaults filled. `field` is where they sit in the
 * body, so an error names the parameter's path (api.md §5.5: parameters.<name>).
 */
export function checkedParameters(
  ruleType: RuleType,
  parameters: Record<string, unknown> | undefined,
  field = 'parameters',
): Record<string, unknown> {
  const copy = structuredClone(parameters ?? {});
  const problem = validateNested(RULE_TYPE_DEFINITIONS[ruleType].parameters, copy, field);
  if (problem) throw problem;
  return copy;
}

/** A change to an existing rule, as PATCH /rules/{id} would make it. */
export interface DraftRuleChange {
  ruleId: string;
  enabled?: boolean;
  weight?: number;
  severity?: Severity;
  parameters?: Record<string, unknown>;
}

/** A rule the draft adds, as POST /rules would create it. */
export interface DraftNewRule {
  name: string;
  ruleType: RuleType;
  severity: Severity;
  weight: number;
  signalCategory?: SignalCategory;
  parameters?: Record<string, unknown>;
  enabled?: boolean;
  description?: string;
}

/** A draft rule set: changes and additions in body order, and an optional signal threshold. */
export interface RuleDraft {
  rules: (DraftRuleChange | DraftNewRule)[];
  signalThreshold?: number;
}

export interface AppliedDraft {
  /** Every rule of the tenant environment with the draft applied (enabled or not). */
  rules: Rule[];
  /** Rules the draft changes, before and after (the version bumped); a change that changes nothing is left out. */
  changed: { before: Rule; after: Rule }[];
  created: Rule[];
}

const isChange = (r: DraftRuleChange | DraftNewRule): r is DraftRuleChange => 'ruleId' in r;

/**
 * Applies a draft to the current rules, in memory: the same checks and defaults as PATCH and POST
 * /rules, each error naming where in the body it is (`<field>[i].parameters.<name>`). Throws
 * RULE_NOT_FOUND for a rule_id the tenant environment does not have, and VALIDATION_ERROR for a rule
 * named twice. Nothing is written: backtests score with the result, apply-draft stores it.
 */
export function applyDraft(
  current: readonly Rule[],
  draft: RuleDraft,
  nowMs: number,
  field = 'draft.rules',
): AppliedDraft {
  const byId = new Map(current.map((r) => [r.id, r]));
  const next = new Map(byId);
  const changed: AppliedDraft['changed'] = [];
  const created: Rule[] = [];
  draft.rules.forEach((entry, index) => {
    const at = `${field}[${index}]`;
    if (isChange(entry)) {
      const id = entry.ruleId.toLowerCase();
      const before = byId.get(id);
      if (!before) throw apiError('RULE_NOT_FOUND', `rule not found: ${at}.rule_id`);
      if (changed.some((c) => c.before.id === id) || next.get(id) !== before)
        throw apiError('VALIDATION_ERROR', `${at}.rule_id names a rule the draft already changes`, [
          { field: `${at}.rule_id`, message: 'names a rule the draft already changes' },
        ]);
      const after: Rule = {
        ...before,
        enabled: entry.enabled ?? before.enabled,
        weight: entry.weight ?? before.weight,
        severity: entry.severity ?? before.severity,
        parameters:
          entry.parameters === undefined
            ? before.parameters
            : checkedParameters(before.ruleType, entry.parameters, `${at}.parameters`),
      };
      const same = JSON.stringify(ruleContent(before)) === JSON.stringify(ruleContent(after));
      const stored = same ? before : { ...after, version: before.version + 1, updatedAtMs: nowMs };
      next.set(id, stored);
      if (!same) changed.push({ before, after: stored });
      return;
    }
    const rule: Rule = {
      id: newId(),
      name: entry.name,
      ruleType: entry.ruleType,
      severity: entry.severity,
      weight: entry.weight,
      signalCategory: entry.signalCategory ?? RULE_TYPE_DEFINITIONS[entry.ruleType].defaultCategory,
      parameters: checkedParameters(entry.ruleType, entry.parameters, `${at}.parameters`),
      enabled: entry.enabled ?? true,
      description: entry.description ?? null,
      version: 1,
      isDefault: false,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    next.set(rule.id, rule);
    created.push(rule);
  });
  return { rules: [...next.values()], changed, created };
}

const ruleContent = (r: Rule) => ({
  enabled: r.enabled,
  weight: r.weight,
  severity: r.severity,
  parameters: r.parameters,
});
