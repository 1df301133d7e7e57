import { Type, type Static } from 'typebox';
import { counterpartyKey, type Transaction } from '../../activity.js';
import { CHANNELS, COUNTERPARTY_TYPES, type Channel, type CounterpartyType } from '../../values/enums.js';
import { between, formatMoney, HOUR_MS, scoredDebit, sumAmounts, toMinor, setOf } from '../history.js';
import { isMerchantPayment } from '../payee-kind.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    min_credits: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 2,
      description: 'Third-party credits needed within window_hours before the debit',
    }),
    min_credit_total: Type.Number({
      minimum: 0,
      maximum: 1e12,
      default: 2000,
      description: 'Their total must reach this amount',
    }),
    min_forwarded_share: Type.Number({
      minimum: 0.01,
      maximum: 1,
      default: 0.7,
      description: 'Share of the received total sent out again from the first credit up to the debit',
    }),
    window_hours: Type.Integer({ minimum: 1, maximum: 720, default: 72 }),
    counterparty_types: Type.Array(
      Type.Unsafe<CounterpartyType>({ type: 'string', enum: [...COUNTERPARTY_TYPES] }),
      {
        maxItems: 3,
        default: ['INDIVIDUAL', 'UNKNOWN'],
        description: 'Payer types whose credits are third-party money (a payer of no type counts as UNKNOWN)',
      },
    ),
    direct_deposit_channels: Type.Array(Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] }), {
      maxItems: 12,
      default: ['ACH'],
      description:
        'On these channels only credits from an INDIVIDUAL or a related party count: the rest are benefits, pensions and payroll',
    }),
    new_payers_only: Type.Boolean({
      default: false,
      description:
        'Only credits from a payer who never paid the customer before count (a stranger’s money), and a declared related party is never a stranger (issue 13)',
    }),
    skip_merchant_payments: Type.Boolean({
      default: false,
      description:
        'Card purchases and payments to businesses by check, ACH or bill pay are the customer spending, not money passed on (issue 13)',
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

interface CreditFilter {
  types: ReadonlySet<CounterpartyType>;
  depositChannels: ReadonlySet<Channel>;
  recurringSources: ReadonlySet<string>;
  /** Payers seen before the window (new_payers_only), by counterparty key. */
  knownPayers: ReadonlySet<string> | null;
}

/** The key the baseline's recurring credits use (baseline/recurring-credits.ts). */
const creditSource = (t: Transaction) => counterpartyKey(t) ?? `channel:${t.channel}`;

function isThirdPartyCredit(t: Transaction, filter: CreditFilter): boolean {
  if (t.direction !== 'CREDIT' || t.counterpartyRelationship === 'SELF') return false;
  // Interest, refunds and reversals the bank itself posts are nobody's money to forward.
  if (t.initiatedBy === 'INSTITUTION' || filter.recurringSources.has(creditSource(t))) return false;
  const isRelatedParty = t.counterpartyRelationship !== null && t.counterpartyRelationship !== 'UNKNOWN';
  if (filter.knownPayers) {
    // An unnamed credit (a cash deposit) or a relative is nobody the customer does not know.
    const key = counterpartyKey(t);
    if (isRelatedParty || key === undefined || filter.knownPayers.has(key)) return false;
  }
  if (isRelatedParty) return true;
  if (filter.depositChannels.has(t.channel)) return t.counterpartyType === 'INDIVIDUAL';
  return filter.types.has(t.counterpartyType ?? 'UNKNOWN');
}

const isSpending = (t: Transaction) => t.channel === 'CARD' || isMerchantPayment(t);

/**
 * Debits from `fromMs` up to and including the scored one, in history order; transfers to self move
 * nothing on, and with `skipSpending` neither do purchases and bills.
 */
function forwardingDebits(
  input: RuleInput,
  debit: Transaction,
  fromMs: number,
  skipSpending: boolean,
): Transaction[] {
  const forwarded: Transaction[] = [];
  for (const t of between(input.history.transactions, fromMs - 1, debit.occurredAtMs)) {
    if (t.direction === 'DEBIT' && t.counterpartyRelationship !== 'SELF' && !(skipSpending && isSpending(t)))
      forwarded.push(t);
    if (t.id === debit.id) break;
  }
  return forwarded;
}

/** Counterparty keys of every credit before `beforeMs`: payers the customer already knows. */
function payersBefore(history: readonly Transaction[], beforeMs: number): Set<string> {
  const known = new Set<string>();
  for (const t of history) {
    if (t.occurredAtMs > beforeMs) break;
    const key = counterpartyKey(t);
    if (t.direction === 'CREDIT' && key !== undefined) known.add(key);
  }
  return known;
}

/**
 * Money received from third parties and forwarded out quickly (detection.md §4 PASS_THROUGH): fires
 * on the debit whose total since the first credit crosses the share of what came in.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  if (!debit || debit.counterpartyRelationship === 'SELF') return NOT_FIRED;
  const skipSpending = p.skip_merchant_payments;
  if (skipSpending && isSpending(debit)) return NOT_FIRED;
  const windowMs = p.window_hours * HOUR_MS;
  const filter: CreditFilter = {
    types: setOf(p.counterparty_types),
    depositChannels: setOf(p.direct_deposit_channels),
    recurringSources: new Set(input.baseline?.recurringCredits.map((r) => r.source) ?? []),
    knownPayers: p.new_payers_only
      ? payersBefore(input.history.transactions, debit.occurredAtMs - windowMs)
      : null,
  };
  const credits = between(
    input.history.transactions,
    debit.occurredAtMs - windowMs,
    debit.occurredAtMs,
  ).filter((t) => isThirdPartyCredit(t, filter));
  const first = credits[0];
  const received = sumAmounts(credits);
  if (!first || credits.length < p.min_credits || received < toMinor(p.min_credit_total)) return NOT_FIRED;

  // Integer threshold, so a float share never decides a cent either way.
  const threshold = Math.ceil(p.min_forwarded_share * received - 1e-6);
  const debits = forwardingDebits(input, debit, first.occurredAtMs, skipSpending);
  const forwarded = sumAmounts(debits);
  if (forwarded < threshold || forwarded - debit.amountMinor >= threshold) return NOT_FIRED;
  const percent = Math.round((forwarded / received) * 100);
  return {
    outcome: 'FIRED',
    measured: forwarded,
    threshold,
    baseline: null,
    reason: `${formatMoney(forwarded)} (${percent}%) of ${formatMoney(received)} received in ${credits.length} third-party credits was sent out again within ${p.window_hours} hours.`,
    transactionIds: [...credits, ...debits].map((t) => t.id),
    eventIds: [],
  };
}

export const passThrough: RuleTypeDefinition<Parameters> = {
  type: 'PASS_THROUGH',
  parameters: Parameters,
  defaultCategory: 'MONEY_MULE_VICTIM',
  realTime: true,
  measure,
};

export const passThroughDefaults: DefaultRule[] = [
  {
    name: 'Received and forwarded',
    ruleType: 'PASS_THROUGH',
    weight: 0.55,
    severity: 'HIGH',
    signalCategory: 'MONEY_MULE_VICTIM',
    description:
      'Money of 1,000 or more from payers who never paid the customer before, 70% of it sent on within 72 hours by wire, crypto, cash, P2P or transfer (purchases and bills are not passing it on).',
    // Issue 13: tuned from two credits of any third party totalling 2,000 (mules are paid once per
    // cycle, days apart, so two credits within 72 hours almost never happen); one credit from a
    // stranger, passed on by the rails money leaves on, is the mule's behaviour, and a relative's
    // help or a payer the customer already knows is not.
    parameters: {
      min_credits: 1,
      min_credit_total: 1000,
      min_forwarded_share: 0.7,
      window_hours: 72,
      counterparty_types: ['INDIVIDUAL', 'UNKNOWN', 'BUSINESS'],
      direct_deposit_channels: ['ACH'],
      new_payers_only: true,
      skip_merchant_payments: true,
    },
  },
];
