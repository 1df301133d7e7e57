import { Type, type Static } from 'typebox';
import { scoredDebit } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';
import { FIRST_RAILS, measureFirstRail } from './baseline-deviation-first-rail.js';
import { measureChannelShift, measureSingleDebit, measureWindowOutflow } from './baseline-deviation-modes.js';

const MODES = ['single_debit', 'window_outflow', 'channel_shift', 'first_rail'] as const;

// Parameters whose default depends on the mode carry no schema default: the mode's default is
// resolved in baseline-deviation-modes.ts and named in the description.
const Parameters = Type.Object(
  {
    mode: Type.Unsafe<(typeof MODES)[number]>({
      type: 'string',
      enum: [...MODES],
      default: 'single_debit',
      description:
        'single_debit: one debit against the median and p99 debit; window_outflow: the 7-day outflow against the weekly outflow median and MAD; channel_shift: a rarely used channel carrying most of the recent outflow; first_rail: a cash withdrawal or wire far outside the baseline by a customer with no history of such money on that rail',
    }),
    min_amount: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1e12,
        description:
          'Absolute floor: the debit (single_debit, default 2500; first_rail, default 2000), the 7-day outflow (window_outflow, default 1000) or the channel outflow (channel_shift, default 2000)',
      }),
    ),
    median_multiple: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1000,
        description:
          'single_debit and first_rail: the debit must reach this multiple of the median debit (default 5; first_rail 10)',
      }),
    ),
    include_p99: Type.Optional(
      Type.Boolean({
        description: 'single_debit and first_rail: the debit must also reach the p99 debit (default true)',
      }),
    ),
    skip_established_payees: Type.Optional(
      Type.Boolean({
        description:
          'single_debit: a debit to a business the customer paid at least twice in the 365 days before is an established bill (a semi-annual tax, a yearly premium), not a deviation (default false)',
      }),
    ),
    rails: Type.Optional(
      Type.Array(Type.Unsafe<(typeof FIRST_RAILS)[number]>({ type: 'string', enum: [...FIRST_RAILS] }), {
        minItems: 1,
        maxItems: 2,
        uniqueItems: true,
        description: 'first_rail: CASH (ATM and teller withdrawals) and/or WIRE (default both)',
      }),
    ),
    lookback_days: Type.Optional(
      Type.Integer({
        minimum: 30,
        maximum: 400,
        description:
          'first_rail: days of the customer’s history searched for earlier debits on the rail (default 365)',
      }),
    ),
    prior_multiple: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 1000,
        description:
          'first_rail: an earlier debit on the rail of at least 1/prior_multiple of this one is history of such money, and nothing fires (default 3)',
      }),
    ),
    min_robust_z: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description: 'window_outflow: robust z-score of the 7-day outflow that fires (default 4)',
      }),
    ),
    max_single_share: Type.Optional(
      Type.Number({
        minimum: 0.01,
        maximum: 1,
        description:
          'window_outflow: the largest debit of the week must be below this share of it; one large debit is the single-debit rule’s finding (default 0.5)',
      }),
    ),
    above_baseline_max: Type.Optional(
      Type.Boolean({
        description:
          'window_outflow: the 7-day outflow must also exceed the largest week of the baseline (default true)',
      }),
    ),
    window_days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 365,
        description: 'channel_shift: days of outflow ending at the debit (default 30)',
      }),
    ),
    max_baseline_share: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description:
          "channel_shift: the channel's share of baseline debit value stays below this (default 0.05)",
      }),
    ),
    min_window_share: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1,
        description: "channel_shift: the channel's share of the window's outflow reaches this (default 0.5)",
      }),
    ),
  },
  { additionalProperties: false },
);
export type BaselineDeviationParameters = Static<typeof Parameters>;

/** A debit or a window's outflow against the customer's own baseline (detection.md §4 BASELINE_DEVIATION). */
function measure(input: RuleInput, p: BaselineDeviationParameters): Measurement {
  const debit = scoredDebit(input);
  if (!debit) return NOT_FIRED;
  switch (p.mode) {
    case 'single_debit':
      return measureSingleDebit(input, debit, p);
    case 'window_outflow':
      return measureWindowOutflow(input, p);
    case 'channel_shift':
      return measureChannelShift(input, debit, p);
    case 'first_rail':
      return measureFirstRail(input, debit, p);
  }
}

export const baselineDeviation: RuleTypeDefinition<BaselineDeviationParameters> = {
  type: 'BASELINE_DEVIATION',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};

export const baselineDeviationDefaults: DefaultRule[] = [
  {
    name: 'Large debit vs baseline',
    ruleType: 'BASELINE_DEVIATION',
    // Tuned from 0.35: below the 0.30 signal threshold alone, even with the vulnerability modifier
    // (1 − 0.8 × 0.9 = 0.28), so a car or a roof no longer opens a case; with a corroborating hit it does.
    weight: 0.2,
    severity: 'MEDIUM',
    signalCategory: 'UNDETERMINED',
    description:
      "A single debit of at least 2,500, five times the customer's median debit and their 99th-percentile debit.",
    parameters: {
      mode: 'single_debit',
      min_amount: 2500,
      median_multiple: 5,
      include_p99: true,
      // Issue 13: the property tax or insurer the customer keeps paying is established.
      skip_established_payees: true,
    },
  },
  {
    name: 'Weekly outflow spike',
    ruleType: 'BASELINE_DEVIATION',
    // Tuned from 0.30 for the same reason: a generic anomaly corroborates, it does not accuse alone.
    weight: 0.2,
    severity: 'MEDIUM',
    signalCategory: 'UNDETERMINED',
    description:
      "The last 7 days' outflow, made of several debits, is at least 1,000, 4 robust deviations above the customer's usual week and above their largest week.",
    parameters: {
      mode: 'window_outflow',
      min_amount: 1000,
      min_robust_z: 4,
      above_baseline_max: true,
      max_single_share: 0.5,
    },
  },
  {
    name: 'Channel shift',
    ruleType: 'BASELINE_DEVIATION',
    weight: 0.3,
    severity: 'MEDIUM',
    signalCategory: 'ACCOUNT_TAKEOVER',
    description:
      "A channel that carried under 5% of the customer's debit value now carries at least half of the last 30 days' outflow, 2,000 or more.",
    parameters: {
      mode: 'channel_shift',
      window_days: 30,
      max_baseline_share: 0.05,
      min_window_share: 0.5,
      min_amount: 2000,
    },
  },
  {
    name: 'First large cash or wire',
    ruleType: 'BASELINE_DEVIATION',
    // Issue 13, alert before the loss: HIGH alone, so the bank can hold the first big debit of a
    // grandparent, imposter or takeover scam in the request that carries it (HOLD_PAYMENT).
    weight: 0.35,
    severity: 'HIGH',
    signalCategory: 'SCAM_OTHER',
    description:
      "A cash withdrawal or wire of at least 2,000, ten times the customer's median debit and their 99th-percentile debit, by a customer with no withdrawal or wire a third that size in the last 365 days.",
    parameters: {
      mode: 'first_rail',
      rails: ['CASH', 'WIRE'],
      min_amount: 2000,
      median_multiple: 10,
      include_p99: true,
      lookback_days: 365,
      prior_multiple: 3,
    },
  },
];
