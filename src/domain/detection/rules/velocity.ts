import { Type, type Static } from 'typebox';
import { CHANNELS } from '../../values/enums.js';
import { scoredDebit } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';
import {
  measureAtmDailyLimit,
  measureDebitBurst,
  measureEscalatingPayee,
  measureRoundCash,
} from './velocity-modes.js';

const MODES = ['debit_burst', 'round_cash', 'atm_daily_limit', 'escalating_payee'] as const;

const count = (description: string, maximum = 1000) =>
  Type.Optional(Type.Integer({ minimum: 1, maximum, description }));
const amount = (description: string) =>
  Type.Optional(Type.Number({ minimum: 0.01, maximum: 1e12, description }));

// Parameters whose default depends on the mode carry no schema default: the mode's default is
// resolved in velocity-modes.ts and named in the description.
const Parameters = Type.Object(
  {
    mode: Type.Unsafe<(typeof MODES)[number]>({
      type: 'string',
      enum: [...MODES],
      default: 'debit_burst',
      description:
        'debit_burst: debits in a window against the baseline daily count p95; round_cash: round cash withdrawals in a window; atm_daily_limit: days the ATM limit was nearly reached; escalating_payee: growing payments to a new payee',
    }),
    window_hours: count('Window ending at the debit: debit_burst 24, round_cash 168 by default', 8760),
    min_count: count(
      'Debits (debit_burst, default 5; round_cash, default 3) or payments (escalating_payee, default 4)',
    ),
    p95_multiple: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description: 'debit_burst: fires at this multiple of the baseline daily debit count p95 (default 3)',
      }),
    ),
    min_amount: amount('round_cash: smallest withdrawal counted (default 500)'),
    round_multiple: amount('round_cash: withdrawals counted are multiples of this (default 100)'),
    daily_limit: amount('atm_daily_limit: the ATM daily withdrawal limit (default 500)'),
    min_limit_share: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description:
          'atm_daily_limit: a day counts when its withdrawals reach this share of the limit (default 0.9)',
      }),
    ),
    min_days: count('atm_daily_limit: days at the limit that fire (default 3)', 366),
    lookback_days: count("atm_daily_limit: days looked at, the debit's UTC day included (default 10)", 366),
    new_payee_days: count(
      'escalating_payee: the first payment to the payee is fewer than this many days old (default 60)',
      3650,
    ),
    channels: Type.Optional(
      Type.Array(Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS] }), {
        maxItems: 12,
        description:
          'Channels counted; the scored debit must be on one (defaults: round_cash ATM and TELLER, atm_daily_limit ATM, otherwise all)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type VelocityParameters = Static<typeof Parameters>;

/** Counts or sums of matching debits in a window ending at the scored debit (detection.md §4 VELOCITY). */
function measure(input: RuleInput, p: VelocityParameters): Measurement {
  const debit = scoredDebit(input);
  if (!debit) return NOT_FIRED;
  switch (p.mode) {
    case 'debit_burst':
      return measureDebitBurst(input, debit, p);
    case 'round_cash':
      return measureRoundCash(input, debit, p);
    case 'atm_daily_limit':
      return measureAtmDailyLimit(input, debit, p);
    case 'escalating_payee':
      return measureEscalatingPayee(input, debit, p);
  }
}

export const velocity: RuleTypeDefinition<VelocityParameters> = {
  type: 'VELOCITY',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};

const rule = (row: Omit<DefaultRule, 'ruleType'>): DefaultRule => ({ ...row, ruleType: 'VELOCITY' });

export const velocityDefaults: DefaultRule[] = [
  rule({
    name: 'Debit burst',
    weight: 0.25,
    severity: 'MEDIUM',
    signalCategory: 'ACCOUNT_TAKEOVER',
    description: "At least 5 debits within 24 hours, and three times the customer's usual busiest day.",
    parameters: { mode: 'debit_burst', window_hours: 24, min_count: 5, p95_multiple: 3 },
  }),
  rule({
    name: 'Round cash withdrawals',
    weight: 0.35,
    severity: 'MEDIUM',
    signalCategory: 'THEFT_CAREGIVER',
    description:
      'Three or more ATM or teller withdrawals of round hundreds, each 500 or more, within 7 days.',
    parameters: {
      mode: 'round_cash',
      window_hours: 168,
      min_count: 3,
      min_amount: 500,
      round_multiple: 100,
      channels: ['ATM', 'TELLER'],
    },
  }),
  rule({
    name: 'ATM daily limit repeated',
    weight: 0.45,
    severity: 'HIGH',
    signalCategory: 'THEFT_FAMILY',
    description: 'ATM withdrawals reach 90% of a 500 daily limit on at least 3 of the last 10 days.',
    parameters: {
      mode: 'atm_daily_limit',
      daily_limit: 500,
      min_limit_share: 0.9,
      min_days: 3,
      lookback_days: 10,
      channels: ['ATM'],
    },
  }),
  rule({
    name: 'Escalating payments to new payee',
    weight: 0.5,
    severity: 'HIGH',
    signalCategory: 'SCAM_ROMANCE',
    description: 'Four or more payments, each larger than the last, to a payee first paid under 60 days ago.',
    // Tuned: card purchases at one shop or hotel creep up by chance; payments to a person or platform do not.
    parameters: {
      mode: 'escalating_payee',
      min_count: 4,
      new_payee_days: 60,
      channels: ['P2P', 'WIRE', 'ONLINE_TRANSFER', 'ACH', 'CHECK', 'CRYPTO', 'GIFT_CARD'],
    },
  }),
];
