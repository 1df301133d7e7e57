import { Type } from 'typebox';
import { Timestamp, Uuid } from '../../api/schemas.js';
import type { SeenStats } from '../../domain/baseline/baseline.js';
import { toMajorUnits } from '../../domain/values/money.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { StoredBaseline } from './baselines.store.js';

export const BaselineParams = Type.Object({ profile_id: Uuid });
export const ComputeBaselineBody = Type.Object(
  { lookback_days: Type.Optional(Type.Integer({ minimum: 30, maximum: 730, description: 'Default 180' })) },
  { additionalProperties: false, title: 'ComputeBaseline' },
);

const Money = Type.Number({ description: 'Major units' });
const Seen = Type.Object({ first_seen: Timestamp, last_seen: Timestamp, count: Type.Integer() });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const BaselineResponse = Type.Object(
  {
    profile_id: Uuid,
    as_of: Timestamp,
    window_start: Timestamp,
    lookback_days: Type.Integer(),
    status: Type.Unsafe<'READY' | 'INSUFFICIENT_HISTORY'>({
      type: 'string',
      enum: ['READY', 'INSUFFICIENT_HISTORY'],
    }),
    transaction_count: Type.Integer(),
    debit_count: Type.Integer(),
    credit_count: Type.Integer(),
    active_days: Type.Integer(),
    debit_amount: nullable(Type.Object({ median: Money, mad: Money, p95: Money, p99: Money, max: Money })),
    daily_debit_count_p95: Type.Number(),
    weekly_debit_count_p95: Type.Number(),
    weekly_outflow: Type.Object({ median: Money, mad: Money, p95: Money, max: Money }),
    monthly_outflow_median: Money,
    monthly_income_median: Money,
    cash_withdrawal: nullable(Type.Object({ median: Money, p95: Money, round_share: Type.Number() })),
    channel_mix: Type.Record(
      Type.String(),
      Type.Object({ count_share: Type.Number(), value_share: Type.Number() }),
      {
        description: 'Debits per channel: share of the count and of the value',
      },
    ),
    known_counterparties: Type.Record(
      Type.String(),
      Type.Object({
        first_seen: Timestamp,
        last_seen: Timestamp,
        count: Type.Integer(),
        total: Money,
        typical_amount: Money,
      }),
    ),
    countries: Type.Record(Type.String(), Seen),
    devices: Type.Record(Type.String(), Seen),
    hour_of_day: Type.Array(Type.Integer(), {
      minItems: 24,
      maxItems: 24,
      description: 'Transactions per UTC hour',
    }),
    recurring_credits: Type.Array(
      Type.Object({
        source: Type.String(),
        cadence_days: Type.Integer(),
        usual_day: Type.Integer({ description: 'Day of month (monthly) or ISO weekday (weekly)' }),
        typical_amount: Money,
        count: Type.Integer(),
        last_seen: Timestamp,
      }),
    ),
    median_balance: nullable(Money),
    last_customer_debit_at: nullable(Timestamp),
    computed_at: Timestamp,
  },
  { title: 'Baseline' },
);

const money = (minor: number) => toMajorUnits(minor);
const share = (value: number) => Math.round(value * 10_000) / 10_000;
const seenJson = (s: SeenStats) => ({
  first_seen: isoTimestamp(s.firstSeenMs),
  last_seen: isoTimestamp(s.lastSeenMs),
  count: s.count,
});
const mapValues = <A, B>(record: Record<string, A>, fn: (value: A) => B) =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));

export function toBaselineJson({ profileId, baseline: b, computedAtMs }: StoredBaseline) {
  return {
    profile_id: profileId,
    as_of: isoTimestamp(b.asOfMs),
    window_start: isoTimestamp(b.windowStartMs),
    lookback_days: b.lookbackDays,
    status: b.status,
    transaction_count: b.transactionCount,
    debit_count: b.debitCount,
    credit_count: b.creditCount,
    active_days: b.activeDays,
    debit_amount: b.debitAmount && {
      median: money(b.debitAmount.median),
      mad: money(b.debitAmount.mad),
      p95: money(b.debitAmount.p95),
      p99: money(b.debitAmount.p99),
      max: money(b.debitAmount.max),
    },
    daily_debit_count_p95: b.dailyDebitCountP95,
    weekly_debit_count_p95: b.weeklyDebitCountP95,
    weekly_outflow: {
      median: money(b.weeklyOutflow.median),
      mad: money(b.weeklyOutflow.mad),
      p95: money(b.weeklyOutflow.p95),
      max: money(b.weeklyOutflow.max),
    },
    monthly_outflow_median: money(b.monthlyOutflowMedian),
    monthly_income_median: money(b.monthlyIncomeMedian),
    cash_withdrawal: b.cashWithdrawal && {
      median: money(b.cashWithdrawal.median),
      p95: money(b.cashWithdrawal.p95),
      round_share: share(b.cashWithdrawal.roundShare),
    },
    channel_mix: mapValues(
      b.channelMix as Record<string, { countShare: number; valueShare: number }>,
      (s) => ({
        count_share: share(s.countShare),
        value_share: share(s.valueShare),
      }),
    ),
    known_counterparties: mapValues(b.counterparties, (c) => ({
      ...seenJson(c),
      total: money(c.totalMinor),
      typical_amount: money(c.typicalMinor),
    })),
    countries: mapValues(b.countries, seenJson),
    devices: mapValues(b.devices, seenJson),
    hour_of_day: b.hourHistogram,
    recurring_credits: b.recurringCredits.map((r) => ({
      source: r.source,
      cadence_days: r.cadenceDays,
      usual_day: r.usualDay,
      typical_amount: money(r.typicalAmountMinor),
      count: r.count,
      last_seen: isoTimestamp(r.lastSeenMs),
    })),
    median_balance: b.medianBalanceMinor === null ? null : money(b.medianBalanceMinor),
    last_customer_debit_at: b.lastCustomerDebitMs === null ? null : isoTimestamp(b.lastCustomerDebitMs),
    computed_at: isoTimestamp(computedAtMs),
  };
}
