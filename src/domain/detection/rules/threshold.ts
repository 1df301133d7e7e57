import { Type, type Static } from 'typebox';
import { CHANNELS } from '../../values/enums.js';
import { formatMoney, HOUR_MS, scoredDebit, toMinor, transactionsInWindow, setOf } from '../history.js';
import { NOT_FIRED, type Measurement, type RuleInput, type RuleTypeDefinition } from '../types.js';

const Parameters = Type.Object(
  {
    min_amount: Type.Optional(
      Type.Number({ minimum: 0, maximum: 1e12, description: 'A single debit at or above this amount fires' }),
    ),
    min_count: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1000, description: 'This many debits within window_hours fire' }),
    ),
    window_hours: Type.Integer({ minimum: 1, maximum: 8760, default: 24 }),
    channels: Type.Optional(
      Type.Array(Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS] }), {
        maxItems: 12,
      }),
    ),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

/** An amount or a count over an absolute limit, optionally per channel (detection.md §4 THRESHOLD). */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  if (!debit) return NOT_FIRED;
  const channels = p.channels === undefined ? undefined : setOf(p.channels);
  if (channels && !channels.has(debit.channel)) return NOT_FIRED;
  if (p.min_amount !== undefined && debit.amountMinor >= toMinor(p.min_amount)) {
    return {
      outcome: 'FIRED',
      measured: debit.amountMinor,
      threshold: toMinor(p.min_amount),
      baseline: null,
      reason: `A debit of ${formatMoney(debit.amountMinor)} is at or above the limit of ${formatMoney(toMinor(p.min_amount))}.`,
      transactionIds: [debit.id],
      eventIds: [],
    };
  }
  if (p.min_count !== undefined) {
    const matching = transactionsInWindow(input, p.window_hours * HOUR_MS).filter(
      (t) => t.direction === 'DEBIT' && (!channels || channels.has(t.channel)),
    );
    if (matching.length >= p.min_count) {
      return {
        outcome: 'FIRED',
        measured: matching.length,
        threshold: p.min_count,
        baseline: null,
        reason: `${matching.length} debits within ${p.window_hours} hours reach the limit of ${p.min_count}.`,
        transactionIds: matching.map((t) => t.id),
        eventIds: [],
      };
    }
  }
  return NOT_FIRED;
}

export const threshold: RuleTypeDefinition<Parameters> = {
  type: 'THRESHOLD',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};
