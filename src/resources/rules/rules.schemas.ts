import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { RULE_TYPES, SEVERITIES, SIGNAL_CATEGORIES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { Rule, RuleStats } from './rule.js';

const Weight = Type.Number({
  minimum: 0,
  maximum: 1,
  description: 'How much a hit of this rule weighs, 0..1',
});
const Parameters = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  description:
    "Validated against the rule type's parameter schema: components.schemas.<RULE_TYPE>Parameters in this document",
});
const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Type.String({ maxLength: 1000 });

export const RuleParams = Type.Object({ rule_id: Uuid });
export const ListRulesQuery = Type.Object(
  {
    rule_type: Type.Optional(literalUnion(RULE_TYPES)),
    enabled: Type.Optional(Type.Boolean()),
    ...ListQuery,
  },
  { additionalProperties: false },
);
export type ListRulesQuery = Static<typeof ListRulesQuery>;

// Required fields first, in the order api.md §5.5 lists them.
export const CreateRuleBody = Type.Object(
  {
    name: Name,
    rule_type: literalUnion(RULE_TYPES),
    severity: literalUnion(SEVERITIES),
    weight: Weight,
    signal_category: Type.Optional(
      literalUnion(SIGNAL_CATEGORIES, { description: "Default: the rule type's category" }),
    ),
    parameters: Type.Optional(Parameters),
    enabled: Type.Optional(Type.Boolean({ default: true })),
    description: Type.Optional(Description),
  },
  { additionalProperties: false, title: 'CreateRule' },
);
export type CreateRuleBody = Static<typeof CreateRuleBody>;

export const UpdateRuleBody = Type.Object(
  {
    name: Type.Optional(Name),
    severity: Type.Optional(literalUnion(SEVERITIES)),
    weight: Type.Optional(Weight),
    signal_category: Type.Optional(literalUnion(SIGNAL_CATEGORIES)),
    parameters: Type.Optional(Parameters),
    enabled: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.Union([Description, Type.Null()])),
  },
  { additionalProperties: false, title: 'UpdateRule' },
);
export type UpdateRuleBody = Static<typeof UpdateRuleBody>;

export const RuleResponse = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    rule_type: literalUnion(RULE_TYPES),
    severity: literalUnion(SEVERITIES),
    weight: Type.Number(),
    signal_category: literalUnion(SIGNAL_CATEGORIES),
    parameters: Parameters,
    enabled: Type.Boolean(),
    description: Type.Union([Type.String(), Type.Null()]),
    version: Type.Integer({
      description: 'Increments on every change; signals record the version that fired',
    }),
    is_default: Type.Boolean(),
    stats: Type.Object({
      signals_total: Type.Integer(),
      confirmed: Type.Integer(),
      dismissed: Type.Integer(),
      precision: Type.Union([Type.Number(), Type.Null()], {
        description: 'confirmed / (confirmed + dismissed)',
      }),
    }),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Rule' },
);
export const RulePage = Page(RuleResponse, 'RulePage');

export function toRuleJson(rule: Rule, stats: RuleStats | undefined) {
  const { signalsTotal = 0, confirmed = 0, dismissed = 0 } = stats ?? {};
  return {
    id: rule.id,
    name: rule.name,
    rule_type: rule.ruleType,
    severity: rule.severity,
    weight: rule.weight,
    signal_category: rule.signalCategory,
    parameters: rule.parameters,
    enabled: rule.enabled,
    description: rule.description,
    version: rule.version,
    is_default: rule.isDefault,
    stats: {
      signals_total: signalsTotal,
      confirmed,
      dismissed,
      precision: confirmed + dismissed === 0 ? null : confirmed / (confirmed + dismissed),
    },
    created_at: isoTimestamp(rule.createdAtMs),
    updated_at: isoTimestamp(rule.updatedAtMs),
  };
}
