import { Type, type Static } from 'typebox';
import { counterpartyKey, type Transaction } from '../../activity.js';
import {
  COUNTERPARTY_RELATIONSHIPS,
  COUNTERPARTY_TYPES,
  type CounterpartyRelationship,
  type CounterpartyType,
  type SignalCategory,
} from '../../values/enums.js';
import { between, DAY_MS, formatMoney, scoredDebit, sumAmounts, toMinor, setOf } from '../history.js';
import { measurePayeeAboveUsual } from './relationship-above-usual.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const MODES = ['related_total', 'payee_growth', 'payee_above_usual'] as const;

const Parameters = Type.Object(
  {
    mode: Type.Unsafe<(typeof MODES)[number]>({
      type: 'string',
      enum: [...MODES],
      default: 'related_total',
      description:
        'related_total: all debits to matching parties together; payee_growth: debits to the scored payee alone, which must have been paid in the previous window too; payee_above_usual: debits to the scored payee against the largest of the reference windows before',
    }),
    relationships: Type.Array(
      Type.Unsafe<CounterpartyRelationship>({ type: 'string', enum: [...COUNTERPARTY_RELATIONSHIPS] }),
      {
        maxItems: 7,
        default: ['FAMILY', 'CAREGIVER', 'FIDUCIARY'],
        description: 'A debit matches when its counterparty_relationship is one of these',
      },
    ),
    counterparty_types: Type.Array(
      Type.Unsafe<CounterpartyType>({ type: 'string', enum: [...COUNTERPARTY_TYPES] }),
      {
        maxItems: 3,
        default: [],
        description: 'A debit also matches when its counterparty_type is one of these',
      },
    ),
    window_days: Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 90,
      description: 'The current window ends at the scored debit; the previous one is as long, just before it',
    }),
    min_amount: Type.Number({
      minimum: 0,
      maximum: 1e12,
      default: 5000,
      description: "The current window's total must reach at least this amount",
    }),
    growth_multiple: Type.Number({
      minimum: 0,
      maximum: 1000,
      default: 2,
      description: "The current window's total must also reach this multiple of the previous window's total",
    }),
    full_previous_window: Type.Optional(
      Type.Boolean({
        description:
          'payee_growth mode: the payee must have been paid before the previous window began, so both windows are whole: a caregiver hired during the previous window doubles by the calendar, not by the pay (default false)',
      }),
    ),
    reference_windows: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 12,
        description:
          'payee_above_usual: windows before the current one that make the payee’s usual; the payee must be paid in all but one (default 5)',
      }),
    ),
    max_single_share: Type.Number({
      minimum: 0.01,
      maximum: 1,
      default: 1,
      description:
        "No single debit may make this share of the current window's total or more: one large gift (tuition, a wedding, a deposit on a house) is not money drained away a payment at a time (1 = off)",
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;
export type RelationshipParameters = Parameters;

const CATEGORY_BY_RELATIONSHIP: Partial<Record<CounterpartyRelationship, SignalCategory>> = {
  FAMILY: 'THEFT_FAMILY',
  CAREGIVER: 'THEFT_CAREGIVER',
  FIDUCIARY: 'THEFT_FIDUCIARY',
  JOINT_OWNER: 'THEFT_OTHER_KNOWN_PERSON',
};

const PARTIES: Record<CounterpartyRelationship, string> = {
  SELF: "the customer's own accounts",
  FAMILY: 'family',
  CAREGIVER: 'caregivers',
  FIDUCIARY: 'fiduciaries',
  JOINT_OWNER: 'joint owners',
  OTHER: 'other known people',
  UNKNOWN: 'parties of unknown relationship',
};

function matcher(p: Parameters): (t: Transaction) => boolean {
  const relationships = setOf(p.relationships);
  const types = setOf(p.counterparty_types);
  return (t) =>
    t.direction === 'DEBIT' &&
    ((t.counterpartyRelationship !== null && relationships.has(t.counterpartyRelationship)) ||
      (t.counterpartyType !== null && types.has(t.counterpartyType)));
}

/** The relationship taking the largest share of `debits` (ties go to the earlier one in the enum). */
function largestRelationship(debits: readonly Transaction[]): CounterpartyRelationship {
  const totals = new Map<CounterpartyRelationship, number>();
  for (const t of debits) {
    const relationship = t.counterpartyRelationship ?? 'UNKNOWN';
    totals.set(relationship, (totals.get(relationship) ?? 0) + t.amountMinor);
  }
  let best: CounterpartyRelationship = 'UNKNOWN';
  let bestTotal = -1;
  for (const relationship of COUNTERPARTY_RELATIONSHIPS) {
    const total = totals.get(relationship) ?? -1;
    if (total > bestTotal) [best, bestTotal] = [relationship, total];
  }
  return best;
}

/**
 * Money flowing to related parties, or growing: a window's debits to matching counterparties (all of
 * them, or the scored debit's payee) against min_amount and growth_multiple times the window before
 * (detection.md §4 RELATIONSHIP). The scored debit must itself be one of them.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  const matches = matcher(p);
  if (!debit || !matches(debit)) return NOT_FIRED;
  const key = counterpartyKey(debit);
  const isPayee = p.mode !== 'related_total';
  if (isPayee && key === undefined) return NOT_FIRED;
  const isCounted = isPayee
    ? (t: Transaction) => t.direction === 'DEBIT' && counterpartyKey(t) === key
    : matches;
  if (p.mode === 'payee_above_usual') return measurePayeeAboveUsual(input, debit, isCounted, p);
  const atMs = debit.occurredAtMs;
  const windowMs = p.window_days * DAY_MS;
  const current = between(input.history.transactions, atMs - windowMs, atMs).filter(isCounted);
  const previous = sumAmounts(
    between(input.history.transactions, atMs - 2 * windowMs, atMs - windowMs).filter(isCounted),
  );
  if (p.mode === 'payee_growth' && previous === 0) return NOT_FIRED;
  if (
    p.mode === 'payee_growth' &&
    p.full_previous_window === true &&
    !between(input.history.transactions, -Infinity, atMs - 2 * windowMs).some(isCounted)
  )
    return NOT_FIRED;
  const total = sumAmounts(current);
  const threshold = Math.max(toMinor(p.min_amount), Math.ceil(p.growth_multiple * previous));
  if (total < threshold) return NOT_FIRED;
  if (p.max_single_share < 1 && current.some((t) => t.amountMinor >= p.max_single_share * total))
    return NOT_FIRED;
  // Only the debit that takes the window over the line fires; later ones of the same window add nothing.
  if (total - debit.amountMinor >= threshold) return NOT_FIRED;
  const windows = `${formatMoney(total)} in the last ${p.window_days} days against ${formatMoney(previous)} in the ${p.window_days} before`;
  const fired = {
    outcome: 'FIRED' as const,
    measured: total,
    threshold,
    baseline: previous,
    transactionIds: current.map((t) => t.id),
    eventIds: [],
  };
  if (p.mode === 'payee_growth') {
    const payee = debit.counterpartyName ?? 'one payee';
    return {
      ...fired,
      reason: `Payments to ${payee} reached ${windows}, at or above the limit of ${formatMoney(threshold)}.`,
    };
  }
  const largest = largestRelationship(current);
  return {
    ...fired,
    reason: `Debits to related parties, mostly to ${PARTIES[largest]}, reached ${windows}, at or above the limit of ${formatMoney(threshold)}.`,
    category: CATEGORY_BY_RELATIONSHIP[largest] ?? 'THEFT_OTHER_KNOWN_PERSON',
  };
}

export const relationship: RuleTypeDefinition<Parameters> = {
  type: 'RELATIONSHIP',
  parameters: Parameters,
  defaultCategory: 'THEFT_FAMILY',
  realTime: true,
  measure,
};

export const relationshipDefaults: DefaultRule[] = [
  {
    name: 'Transfers to related party',
    ruleType: 'RELATIONSHIP',
    weight: 0.45,
    severity: 'HIGH',
    signalCategory: 'THEFT_FAMILY',
    description:
      'Debits to family, caregivers and fiduciaries total at least 5,000 in 90 days and twice the 90 days before.',
    parameters: {
      mode: 'related_total',
      relationships: ['FAMILY', 'CAREGIVER', 'FIDUCIARY'],
      counterparty_types: [],
      window_days: 90,
      min_amount: 5000,
      growth_multiple: 2,
      // Issue 13: a grandchild's tuition or wedding gift is one payment; a drain is many.
      max_single_share: 0.6,
    },
  },
  {
    name: 'Caregiver payment creep',
    ruleType: 'RELATIONSHIP',
    weight: 0.35,
    severity: 'MEDIUM',
    signalCategory: 'THEFT_CAREGIVER',
    description:
      'Payments to one individual or caregiver, paid in the previous 90 days, reach at least 3,000 and double in the next 90.',
    // Tuned from 1,000: a hairdresser or handyman booked more often crossed 1,000; creep that matters is larger.
    parameters: {
      mode: 'payee_growth',
      relationships: ['CAREGIVER'],
      counterparty_types: ['INDIVIDUAL'],
      window_days: 90,
      min_amount: 3000,
      growth_multiple: 2,
      max_single_share: 0.6,
      // Issue 13: a caregiver hired last quarter is a new caregiver, not creep.
      full_previous_window: true,
    },
  },
];
