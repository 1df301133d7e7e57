import { Type, type Static } from 'typebox';
import { HOUR_MS, itemTime } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    rule_ids: Type.Array(Type.String({ format: 'uuid', maxLength: 36, description: 'Rule ID' }), {
      minItems: 2,
      maxItems: 10,
      uniqueItems: true,
      description: 'The rules that must fire together',
    }),
    min_matches: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 10,
        description: 'How many of rule_ids must fire within the window; all of them when left out',
      }),
    ),
    within_hours: Type.Integer({ minimum: 1, maximum: 8760, default: 72 }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

/**
 * Other rules firing together within a window ending at the scored item (detection.md §4 COMPOSITE):
 * a tenant-defined scenario over the profile's earlier firings and this item's.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const at = itemTime(input.item);
  const fromMs = at - p.within_hours * HOUR_MS;
  const listed = new Set(p.rule_ids);
  // More matches than listed rules can never happen: read it as "all of them".
  const needed = Math.min(p.min_matches ?? listed.size, listed.size);
  const matched = new Set<string>();
  for (const firing of input.priorFirings) {
    if (firing.occurredAtMs > fromMs && firing.occurredAtMs <= at && listed.has(firing.ruleId)) {
      matched.add(firing.ruleId);
    }
  }
  if (matched.size < needed) return NOT_FIRED;
  const { item } = input;
  return {
    outcome: 'FIRED',
    measured: matched.size,
    threshold: needed,
    baseline: null,
    reason: `${matched.size} of the ${listed.size} rules of this scenario fired within ${p.within_hours} hours, at or above the ${needed} required.`,
    transactionIds: item.kind === 'transaction' ? [item.transaction.id] : [],
    eventIds: item.kind === 'event' ? [item.event.id] : [],
  };
}

export const composite: RuleTypeDefinition<Parameters> = {
  type: 'COMPOSITE',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};

/** COMPOSITE scenarios are tenant-defined: the default rule set has none (detection.md §4). */
export const compositeDefaults: DefaultRule[] = [];
