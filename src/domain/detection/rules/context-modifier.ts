import { Type, type Static } from 'typebox';
import { ageAt } from '../../values/dates.js';
import { ENROLLMENT_REASONS, type EnrollmentReason } from '../../values/enums.js';
import { itemTime } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    min_age: Type.Integer({
      minimum: 0,
      maximum: 130,
      default: 80,
      description: "Holds when the customer is at least this old on the item's date",
    }),
    enrollment_reasons: Type.Array(
      Type.Unsafe<EnrollmentReason>({ type: 'string', enum: [...ENROLLMENT_REASONS] }),
      {
        maxItems: 10,
        default: ['DIMINISHED_CAPACITY_CONCERN'],
        description: 'Holds when the profile was enrolled for one of these reasons',
      },
    ),
    without_trusted_contact: Type.Boolean({
      default: true,
      description: 'Holds when the customer has no trusted contact',
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

/**
 * Whether the customer's vulnerability context holds (detection.md §4 CONTEXT_MODIFIER). It only
 * adds weight when another rule fired on the item; scoring.ts enforces that, not this measure.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const { profile, item } = input;
  const age = ageAt(profile.dateOfBirth, itemTime(item));
  const conditions: string[] = [];
  if (age >= p.min_age) conditions.push(`is ${age} years old`);
  if (p.enrollment_reasons.includes(profile.enrollmentReason)) {
    conditions.push(`was enrolled for ${profile.enrollmentReason.toLowerCase().replaceAll('_', ' ')}`);
  }
  if (p.without_trusted_contact && !profile.hasTrustedContact) conditions.push('has no trusted contact');
  if (conditions.length === 0) return NOT_FIRED;
  const last = conditions.pop() ?? '';
  const listed = conditions.length === 0 ? last : `${conditions.join(', ')} and ${last}`;
  return {
    outcome: 'FIRED',
    measured: age,
    threshold: p.min_age,
    baseline: null,
    reason: `The customer ${listed}.`,
    transactionIds: item.kind === 'transaction' ? [item.transaction.id] : [],
    eventIds: item.kind === 'event' ? [item.event.id] : [],
  };
}

export const contextModifier: RuleTypeDefinition<Parameters> = {
  type: 'CONTEXT_MODIFIER',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};

export const contextModifierDefaults: DefaultRule[] = [
  {
    name: 'Vulnerability context',
    ruleType: 'CONTEXT_MODIFIER',
    weight: 0.1,
    severity: 'LOW',
    signalCategory: 'UNDETERMINED',
    description:
      'Adds weight to other hits when the customer is 80 or older, enrolled for a capacity concern, or has no trusted contact.',
    parameters: {
      min_age: 80,
      enrollment_reasons: ['DIMINISHED_CAPACITY_CONCERN'],
      without_trusted_contact: true,
    },
  },
];
