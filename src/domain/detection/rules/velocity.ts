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
import { measureCashFrequency } from './velocity-cash-frequency.js';

const MODES = ['debit_burst', 'round_cash', 'atm_daily_limit', 'escalating_payee', 'cash_frequency'] as const;

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
        'debit_burst: debits in a window against the baseline daily count p95; round_cash: round cash withdrawals in a window; atm_daily_limit: days the ATM limit was nearly reached; escalating_payee: growing payments to a new payee; cash_frequency: cash withdrawals at home in a window against how often the customer usually withdraws',
    }),
    window_hours: count(
      'Window ending at the debit: debit_burst 24, round_cash 168, cash_frequency 336 by default',
      8760,
    ),
    min_count: count(
      'Debits (debit_burst, default 5; round_cash, default 3), payments (escalating_payee, default 4) or withdrawals (cash_frequency, default 6)',
    ),
    max_chance: Type.Optional(
      Type.Number({
        minimum: 1e-9,
        maximum: 0.5,
        description:
          "cash_frequency: fires at a count the customer's usual rate of withdrawals (Poisson) reaches by chance at most this often in such a window (default 0.0001)",
      }),
    ),
    min_total: amount('cash_frequency: the counted withdrawals must total at least this (default 1000)'),
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
          'Channels counted; the scored debit must be on one (defaults: round_cash ATM and TELLER, atm_daily_limit and cash_frequency ATM, otherwise all)',
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
    case 'cash_frequency':
      return measureCashFrequency(input, debit, p);
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
  rule({
    name: 'Cash withdrawals more often than usual',
    // Issue 13: family taking cash with the customer's card, 100–300 at a time.
    weight: 0.45,
    severity: 'HIGH',
    signalCategory: 'THEFT_FAMILY',
    description:
      "Six or more ATM withdrawals at home within 14 days, totalling 1,000 or more: a count the customer's own habit would reach by chance less than once in 10,000 fortnights.",
    parameters: {
      mode: 'cash_frequency',
      window_hours: 336,
      min_count: 6,
      max_chance: 0.0001,
      min_total: 1000,
      channels: ['ATM'],
    },
  }),
];
