import { Type, type Static } from 'typebox';
import type { Transaction } from '../../activity.js';
import { CHANNELS, type Channel } from '../../values/enums.js';
import {
  CASH_CHANNELS,
  DAY_MS,
  endAt,
  formatMoney,
  HOUR_MS,
  scoredDebit,
  sumAmounts,
  toMinor,
  transactionsInWindow,
  setOf,
} from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Fired,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const hours = (fallback: number, description: string) =>
  Type.Integer({ minimum: 1, maximum: 8760, default: fallback, description });
const amount = (description: string) =>
  Type.Optional(Type.Number({ minimum: 0, maximum: 1e12, description }));

const Parameters = Type.Object(
  {
    channels: Type.Array(Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] }), {
      minItems: 1,
      maxItems: 12,
      default: ['GIFT_CARD'],
      description: 'The risky rail: debits on these channels are measured',
    }),
    min_total: amount('Debits on the channels totalling this within total_window_hours fire'),
    total_window_hours: hours(72, 'Window of min_total, ending at the debit'),
    min_count: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1000,
        description: 'This many debits on the channels within count_window_hours fire',
      }),
    ),
    count_window_hours: hours(24, 'Window of min_count, ending at the debit'),
    first_use_min_amount: amount(
      'A first debit on the channels in first_use_lookback_days fires when at least this amount',
    ),
    first_use_lookback_days: Type.Integer({
      minimum: 1,
      maximum: 3650,
      default: 365,
      description: 'Days before the debit with no debit on the channels',
    }),
    cash_min_amount: amount(
      'A cash withdrawal (ATM or teller) of at least this amount, followed within cash_window_hours by a debit on the channels, fires',
    ),
    cash_window_hours: hours(24, 'Window of cash_min_amount, ending at the debit'),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

interface Context {
  input: RuleInput;
  debit: Transaction;
  channels: ReadonlySet<Channel>;
  rail: string;
}

const fired = (f: Omit<Fired, 'outcome' | 'baseline' | 'eventIds'>): Fired => ({
  outcome: 'FIRED',
  baseline: null,
  eventIds: [],
  ...f,
});

function onRail({ input, channels }: Context, windowHours: number): Transaction[] {
  return transactionsInWindow(input, windowHours * HOUR_MS).filter(
    (t) => t.direction === 'DEBIT' && channels.has(t.channel),
  );
}

function measureTotal(c: Context, p: Parameters): Fired | undefined {
  if (p.min_total === undefined) return undefined;
  const debits = onRail(c, p.total_window_hours);
  const total = sumAmounts(debits);
  if (total < toMinor(p.min_total)) return undefined;
  return fired({
    money: true,
    measured: total,
    threshold: toMinor(p.min_total),
    reason: `${debits.length} ${c.rail} debits within ${p.total_window_hours} hours total ${formatMoney(total)}, at or above ${formatMoney(toMinor(p.min_total))}.`,
    transactionIds: debits.map((t) => t.id),
  });
}

function measureCount(c: Context, p: Parameters): Fired | undefined {
  if (p.min_count === undefined) return undefined;
  const debits = onRail(c, p.count_window_hours);
  if (debits.length < p.min_count) return undefined;
  return fired({
    money: false,
    measured: debits.length,
    threshold: p.min_count,
    reason: `${debits.length} ${c.rail} debits within ${p.count_window_hours} hours reach the limit of ${p.min_count}.`,
    transactionIds: debits.map((t) => t.id),
  });
}

function measureFirstUse({ input, debit, channels, rail }: Context, p: Parameters): Fired | undefined {
  if (p.first_use_min_amount === undefined || debit.amountMinor < toMinor(p.first_use_min_amount))
    return undefined;
  // Earlier means in (t − lookback, t): same-millisecond debits are not history.
  const list = input.history.transactions;
  const end = endAt(list, debit.occurredAtMs - 1);
  for (let i = endAt(list, debit.occurredAtMs - p.first_use_lookback_days * DAY_MS); i < end; i++) {
    const t = list[i];
    if (t?.direction === 'DEBIT' && channels.has(t.channel)) return undefined;
  }
  return fired({
    money: true,
    measured: debit.amountMinor,
    threshold: toMinor(p.first_use_min_amount),
    reason: `A first ${rail} debit in ${p.first_use_lookback_days} days, of ${formatMoney(debit.amountMinor)}, is at or above ${formatMoney(toMinor(p.first_use_min_amount))}.`,
    transactionIds: [debit.id],
  });
}

function measureCashThen({ input, debit, rail }: Context, p: Parameters): Fired | undefined {
  if (p.cash_min_amount === undefined) return undefined;
  const minCash = toMinor(p.cash_min_amount);
  const cash = transactionsInWindow(input, p.cash_window_hours * HOUR_MS).filter(
    (t) =>
      t.id !== debit.id &&
      t.direction === 'DEBIT' &&
      CASH_CHANNELS.has(t.channel) &&
      t.amountMinor >= minCash,
  );
  if (cash.length === 0) return undefined;
  const largest = Math.max(...cash.map((t) => t.amountMinor));
  return fired({
    money: true,
    measured: largest,
    threshold: minCash,
    reason: `A ${rail} debit of ${formatMoney(debit.amountMinor)} follows a cash withdrawal of ${formatMoney(largest)} within ${p.cash_window_hours} hours.`,
    transactionIds: [...cash.map((t) => t.id), debit.id],
  });
}

/** Use of a risky rail: amount or count in a window, first use, or cash then the rail (detection.md §4 PAYMENT_INSTRUMENT). */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  const channels = setOf(p.channels);
  if (!debit || !channels.has(debit.channel)) return NOT_FIRED;
  const c: Context = { input, debit, channels, rail: p.channels.join('/') };
  return (
    measureTotal(c, p) ?? measureCount(c, p) ?? measureFirstUse(c, p) ?? measureCashThen(c, p) ?? NOT_FIRED
  );
}

export const paymentInstrument: RuleTypeDefinition<Parameters> = {
  type: 'PAYMENT_INSTRUMENT',
  parameters: Parameters,
  defaultCategory: 'SCAM_OTHER',
  realTime: true,
  measure,
};

const windows = {
  total_window_hours: 72,
  count_window_hours: 24,
  first_use_lookback_days: 365,
  cash_window_hours: 24,
};

export const paymentInstrumentDefaults: DefaultRule[] = [
  {
    name: 'Gift card purchases',
    ruleType: 'PAYMENT_INSTRUMENT',
    weight: 0.55,
    severity: 'HIGH',
    signalCategory: 'SCAM_TECH_SUPPORT',
    description: 'Gift card debits totalling 500 or more within 72 hours, or three or more within 24 hours.',
    parameters: { ...windows, channels: ['GIFT_CARD'], min_total: 500, min_count: 3 },
  },
  {
    name: 'Crypto purchase',
    ruleType: 'PAYMENT_INSTRUMENT',
    weight: 0.55,
    severity: 'HIGH',
    signalCategory: 'SCAM_INVESTMENT',
    description:
      'A first crypto debit in 365 days of 500 or more, or any crypto debit within 24 hours of a cash withdrawal of 1,000 or more.',
    parameters: { ...windows, channels: ['CRYPTO'], first_use_min_amount: 500, cash_min_amount: 1000 },
  },
];
