import { isMerchantPayment } from '../payee-kind.js';
import { Type, type Static } from 'typebox';
import {
  DAY_MS,
  formatMoney,
  isReady,
  scoredDebit,
  sumAmounts,
  toMinor,
  transactionsInWindow,
} from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    window_days: Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 30,
      description: 'The peak balance is looked for in this many days up to the scored debit',
    }),
    min_peak: Type.Number({
      minimum: 0,
      maximum: 1e12,
      default: 5000,
      description: 'The peak balance must be at least this amount',
    }),
    min_drop_share: Type.Number({
      minimum: 0.01,
      maximum: 1,
      default: 0.5,
      description:
        'The balance left by the scored debit must be at least this share of the peak below it (0.5 = 50%)',
    }),
    max_single_share: Type.Number({
      minimum: 0.01,
      maximum: 1,
      default: 0.5,
      description:
        'No single debit may make this share of the fall or more: one large purchase emptying the account is the large-debit rule’s finding',
    }),
    max_merchant_share: Type.Number({
      minimum: 0.01,
      maximum: 1,
      default: 1,
      description:
        'The debits since the peak must be below this share paid to businesses by check, ACH, bill pay or card: a month of bills, rent, a care facility or a contractor is spending, not a drain (1 = off)',
    }),
    max_usual_share: Type.Number({
      minimum: 0.01,
      maximum: 10,
      default: 0.5,
      description:
        "With a READY baseline, the balance left must also be below this share of the customer's median balance: a monthly swing from income to bills is not a depletion",
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

const percent = (share: number) => Math.round(share * 100);

/**
 * The balance falling fast: the highest `balanceAfterMinor` in the window ending at the scored debit
 * against the balance the scored debit left (detection.md §4 BALANCE_TREND).
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  const current = debit?.balanceAfterMinor ?? null;
  if (!debit || current === null) return NOT_FIRED;
  const window = transactionsInWindow(input, p.window_days * DAY_MS);
  let peakIndex = -1;
  let peak = 0;
  window.forEach((t, i) => {
    // `>=` keeps the latest of equal peaks: the fall is measured from the most recent high.
    if (t.balanceAfterMinor !== null && (peakIndex < 0 || t.balanceAfterMinor >= peak)) {
      peak = t.balanceAfterMinor;
      peakIndex = i;
    }
  });
  if (peakIndex < 0 || peak <= 0 || peak < toMinor(p.min_peak)) return NOT_FIRED;
  const drop = peak - current;
  if (drop < p.min_drop_share * peak) return NOT_FIRED;
  // Only the debit that crosses the line fires: later debits of the same fall add nothing new.
  if (peak - (current + debit.amountMinor) >= p.min_drop_share * peak) return NOT_FIRED;
  const usual = isReady(input.baseline) ? input.baseline.medianBalanceMinor : null;
  if (usual !== null && current >= p.max_usual_share * usual) return NOT_FIRED;
  const outflow = window.slice(peakIndex + 1).filter((t) => t.direction === 'DEBIT');
  if (!outflow.includes(debit)) outflow.push(debit);
  if (outflow.some((t) => t.amountMinor >= p.max_single_share * drop)) return NOT_FIRED;
  if (p.max_merchant_share < 1) {
    const merchant = sumAmounts(outflow.filter(isMerchantPayment));
    if (merchant >= p.max_merchant_share * sumAmounts(outflow)) return NOT_FIRED;
  }
  return {
    outcome: 'FIRED',
    measured: drop,
    threshold: Math.ceil(p.min_drop_share * peak),
    baseline: usual,
    reason:
      `The balance fell from ${formatMoney(peak)} to ${formatMoney(current)} within ${p.window_days} days, ` +
      `${percent(drop / peak)}% down where ${percent(p.min_drop_share)}% is the limit.`,
    transactionIds: outflow.map((t) => t.id),
    eventIds: [],
  };
}

export const balanceTrend: RuleTypeDefinition<Parameters> = {
  type: 'BALANCE_TREND',
  parameters: Parameters,
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure,
};

export const balanceTrendDefaults: DefaultRule[] = [
  {
    name: 'Balance depletion',
    ruleType: 'BALANCE_TREND',
    weight: 0.5,
    severity: 'HIGH',
    signalCategory: 'UNDETERMINED',
    description:
      'The balance falls by half or more within 30 days from a peak of at least 5,000, to below half its usual level.',
    parameters: {
      window_days: 30,
      min_peak: 5000,
      min_drop_share: 0.5,
      max_single_share: 0.5,
      max_usual_share: 0.5,
      // Issue 13: most of the fall paid to businesses by merchant rails is spending, not a drain.
      max_merchant_share: 0.5,
    },
  },
];
