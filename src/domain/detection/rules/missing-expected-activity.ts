import { Type, type Static } from 'typebox';
import { counterpartyKey, type Transaction } from '../../activity.js';
import type { RecurringCredit } from '../../baseline/baseline.js';
import { CHANNELS, type Channel } from '../../values/enums.js';
import { between, DAY_MS, formatMoney, isReady, itemTime } from '../history.js';
import {
  INSUFFICIENT_HISTORY,
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const MODES = ['recurring_credit', 'bills'] as const;

const Parameters = Type.Object(
  {
    mode: Type.Unsafe<(typeof MODES)[number]>({
      type: 'string',
      enum: [...MODES],
      default: 'recurring_credit',
      description:
        'recurring_credit: a benefit or pension late or redirected; bills: a regular payee no longer paid',
    }),
    late_days: Type.Integer({
      minimum: 0,
      maximum: 365,
      default: 5,
      description:
        'recurring_credit: days past its next expected date before a baseline recurring credit is late',
    }),
    include_direct_deposit_change: Type.Boolean({
      default: true,
      description: 'recurring_credit: a DIRECT_DEPOSIT_CHANGE event also fires',
    }),
    direct_deposit_change_days: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
    cycle_days: Type.Integer({
      minimum: 7,
      maximum: 365,
      default: 30,
      description: 'bills: the payment cycle',
    }),
    cycles: Type.Integer({ minimum: 1, maximum: 24, default: 4, description: 'bills: cycles looked at' }),
    min_paid_cycles: Type.Integer({
      minimum: 1,
      maximum: 24,
      default: 3,
      description: 'bills: cycles of those with a payment, for a payee to count as regular',
    }),
    grace_days: Type.Integer({
      minimum: 0,
      maximum: 365,
      default: 10,
      description: 'bills: days past the expected payment before it is missing',
    }),
    payee_channels: Type.Array(Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] }), {
      maxItems: 12,
      default: ['BILL_PAY', 'ACH'],
      description: 'bills: debits on these channels are bill payments',
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

interface Overdue {
  /** The latest transaction that was on time: a recurring credit or a bill payment. */
  last: Transaction | undefined;
  name: string;
  days: number;
  detail: string;
}

function overdueCredits(
  input: RuleInput,
  recurring: readonly RecurringCredit[],
  asOfMs: number,
  p: Parameters,
) {
  const sources = new Set(recurring.map((r) => r.source));
  const fromMs = Math.min(...recurring.map((r) => r.lastSeenMs));
  const latest = new Map<string, Transaction>();
  for (const t of between(input.history.transactions, fromMs - 1, asOfMs)) {
    // Keyed as baseline/recurring-credits.ts keys its sources.
    const source = counterpartyKey(t) ?? `channel:${t.channel}`;
    if (t.direction === 'CREDIT' && sources.has(source)) latest.set(source, t);
  }
  const overdue: Overdue[] = [];
  for (const r of recurring) {
    // A credit after the baseline was built moves the next expected date on.
    const last = latest.get(r.source);
    const lastMs = Math.max(r.lastSeenMs, last?.occurredAtMs ?? r.lastSeenMs);
    const lateMs = asOfMs - (lastMs + r.cadenceDays * DAY_MS);
    if (lateMs < p.late_days * DAY_MS) continue;
    overdue.push({
      last,
      name: last?.counterpartyName ?? r.source,
      days: Math.floor(lateMs / DAY_MS),
      detail: `typically ${formatMoney(r.typicalAmountMinor)} every ${r.cadenceDays} days, last on ${isoDay(lastMs)}`,
    });
  }
  return overdue.sort((a, b) => b.days - a.days || a.name.localeCompare(b.name));
}

/** A baseline recurring credit ≥ late_days past due, or a direct deposit change (the event needs no baseline). */
function measureRecurringCredit(input: RuleInput, asOfMs: number, p: Parameters): Measurement {
  const changes = p.include_direct_deposit_change
    ? between(input.history.events, asOfMs - p.direct_deposit_change_days * DAY_MS, asOfMs).filter(
        (e) => e.eventType === 'DIRECT_DEPOSIT_CHANGE',
      )
    : [];
  const latestChange = changes[changes.length - 1];
  const changed = latestChange
    ? `the direct deposit details changed on ${isoDay(latestChange.occurredAtMs)}`
    : '';
  const eventIds = changes.map((e) => e.id);
  const recurring = isReady(input.baseline) ? input.baseline.recurringCredits : undefined;
  const overdue = recurring && recurring.length > 0 ? overdueCredits(input, recurring, asOfMs, p) : [];
  const first = overdue[0];
  if (first) {
    const others =
      overdue.length > 1 ? ` (with ${plural(overdue.length - 1, 'other recurring credit')})` : '';
    return {
      outcome: 'FIRED',
      measured: first.days,
      threshold: p.late_days,
      baseline: null,
      reason: `The recurring credit from ${first.name} (${first.detail}) is ${plural(first.days, 'day')} late${others}${changed ? `, and ${changed}` : ''}.`,
      transactionIds: overdue.flatMap((o) => (o.last ? [o.last.id] : [])),
      eventIds,
    };
  }
  if (latestChange) {
    return {
      outcome: 'FIRED',
      measured: changes.length,
      threshold: 1,
      baseline: null,
      reason: `Within the ${p.direct_deposit_change_days} days to ${isoDay(asOfMs)}, ${changed}.`,
      transactionIds: [],
      eventIds,
    };
  }
  return recurring ? NOT_FIRED : INSUFFICIENT_HISTORY;
}

/**
 * A regular payee (paid in min_paid_cycles of the cycles up to its last payment) with nothing paid for
 * more than a cycle plus grace. It holds for one missed cycle only: after a second, the payee is no
 * longer paid in most of its recent cycles, and the first batch run has raised it already.
 */
function measureBills(input: RuleInput, asOfMs: number, p: Parameters): Measurement {
  const cycleMs = p.cycle_days * DAY_MS;
  const dueMs = cycleMs + p.grace_days * DAY_MS;
  const lookbackMs = dueMs + cycleMs + (p.cycles - 0.5) * cycleMs;
  const channels = new Set(p.payee_channels);
  const byPayee = new Map<string, Transaction[]>();
  for (const t of between(input.history.transactions, asOfMs - lookbackMs, asOfMs)) {
    const payee = counterpartyKey(t);
    if (t.direction !== 'DEBIT' || !channels.has(t.channel) || payee === undefined) continue;
    const payments = byPayee.get(payee);
    if (payments) payments.push(t);
    else byPayee.set(payee, [t]);
  }
  const stopped: (Overdue & { amount: number })[] = [];
  for (const [payee, payments] of byPayee) {
    const last = payments[payments.length - 1];
    if (!last) continue;
    const sinceMs = asOfMs - last.occurredAtMs;
    if (sinceMs <= dueMs || sinceMs > dueMs + cycleMs) continue;
    // Cycles are centred on the last payment's date, so a payment a few days early or late stays in its cycle.
    const paidCycles = new Set(
      payments.map((t) => Math.floor((last.occurredAtMs - t.occurredAtMs) / cycleMs + 0.5)),
    );
    const paid = [...paidCycles].filter((k) => k < p.cycles).length;
    if (paid < p.min_paid_cycles) continue;
    stopped.push({
      last,
      name: last.counterpartyName ?? payee,
      days: Math.floor(sinceMs / DAY_MS),
      amount: last.amountMinor,
      detail: `paid in ${paid} of ${p.cycles} cycles of ${p.cycle_days} days, last ${formatMoney(last.amountMinor)} on ${isoDay(last.occurredAtMs)}`,
    });
  }
  stopped.sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name));
  const first = stopped[0];
  if (!first) return NOT_FIRED;
  const others = stopped.length > 1 ? ` (with ${plural(stopped.length - 1, 'other regular payee')})` : '';
  return {
    outcome: 'FIRED',
    measured: first.days,
    threshold: p.cycle_days + p.grace_days,
    baseline: null,
    reason: `Payments to ${first.name} (${first.detail}) stopped ${plural(first.days, 'day')} ago${others}.`,
    transactionIds: stopped.flatMap((s) => (s.last ? [s.last.id] : [])),
    eventIds: [],
  };
}

/**
 * A recurring credit or a bill that stopped (detection.md §4 MISSING_EXPECTED_ACTIVITY), as of the
 * batch run's time: batch runs only, since it looks for something that did not happen.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const asOfMs = input.asOfMs ?? itemTime(input.item);
  return p.mode === 'bills' ? measureBills(input, asOfMs, p) : measureRecurringCredit(input, asOfMs, p);
}

export const missingExpectedActivity: RuleTypeDefinition<Parameters> = {
  type: 'MISSING_EXPECTED_ACTIVITY',
  parameters: Parameters,
  defaultCategory: 'THEFT_FAMILY',
  realTime: false,
  measure,
};

export const missingExpectedActivityDefaults: DefaultRule[] = [
  {
    name: 'Benefit missing or redirected',
    ruleType: 'MISSING_EXPECTED_ACTIVITY',
    weight: 0.4,
    severity: 'MEDIUM',
    signalCategory: 'THEFT_FAMILY',
    description:
      'A recurring credit such as a benefit or pension is 5 or more days late, or direct deposit details changed.',
    parameters: {
      mode: 'recurring_credit',
      late_days: 5,
      include_direct_deposit_change: true,
      direct_deposit_change_days: 30,
    },
  },
  {
    name: 'Bills stopped',
    ruleType: 'MISSING_EXPECTED_ACTIVITY',
    weight: 0.25,
    severity: 'LOW',
    signalCategory: 'DIMINISHED_CAPACITY_INDICATOR',
    description:
      'A payee paid in 3 of its last 4 monthly cycles has gone unpaid for 10 days past its due date.',
    parameters: {
      mode: 'bills',
      cycle_days: 30,
      cycles: 4,
      min_paid_cycles: 3,
      grace_days: 10,
      payee_channels: ['BILL_PAY', 'ACH'],
    },
  },
];
