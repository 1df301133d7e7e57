import { Type, type Static } from 'typebox';
import { formatMoney, scoredDebit } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    min_amount_minor: Type.Integer({
      minimum: 0,
      maximum: 100_000_000_000,
      default: 0,
      description: 'A debit below this amount (minor units) to a confirmed counterparty does not fire',
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

/**
 * A debit to a counterparty an analyst confirmed as part of exploitation (issue 13, learning from
 * reviews): on this profile, or on another profile of the tenant through the opt-in watch list.
 * Money that comes back from it (a credit) is not a payment to it, and only debits after the
 * confirmed signal's last evidence count: the reviewed ones are already in that signal.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  if (!debit || debit.counterpartyId === null || debit.amountMinor < p.min_amount_minor) return NOT_FIRED;
  const confirmed = input.confirmedCounterparties?.get(debit.counterpartyId);
  if (!confirmed || debit.occurredAtMs <= confirmed.afterMs) return NOT_FIRED;
  const where = confirmed.ownProfile
    ? `confirmed as exploitation of this customer in signal ${confirmed.signalId}`
    : `on the watch list: confirmed as exploitation of another customer in signal ${confirmed.signalId}`;
  return {
    outcome: 'FIRED',
    measured: debit.amountMinor,
    threshold: p.min_amount_minor,
    baseline: null,
    reason: `A debit of ${formatMoney(debit.amountMinor)} went to counterparty ${debit.counterpartyId}, ${where}.`,
    transactionIds: [debit.id],
    eventIds: [],
    money: true,
  };
}

export const confirmedCounterparty: RuleTypeDefinition<Parameters> = {
  type: 'CONFIRMED_COUNTERPARTY',
  parameters: Parameters,
  defaultCategory: 'SCAM_OTHER',
  realTime: true,
  measure,
};

export const confirmedCounterpartyDefaults: DefaultRule[] = [
  {
    name: 'Payment to a confirmed counterparty',
    ruleType: 'CONFIRMED_COUNTERPARTY',
    weight: 0.8,
    severity: 'HIGH',
    signalCategory: 'SCAM_OTHER',
    description:
      'A debit to a counterparty an analyst confirmed as part of exploitation of this customer, or of another customer when the watch list is on.',
    parameters: { min_amount_minor: 0 },
  },
];
