import { Type, type Static } from 'typebox';
import { counterpartyKey, type Transaction } from '../../activity.js';
import { CHANNELS } from '../../values/enums.js';
import { DAY_MS, endAt, formatMoney, isReady, medianDebitOrZero, scoredDebit, toMinor } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const TARGETS = ['counterparty', 'country', 'device'] as const;
type Target = (typeof TARGETS)[number];
const DEFAULT_LOOKBACK_DAYS: Record<Target, number> = { counterparty: 180, country: 365, device: 180 };

const Parameters = Type.Object(
  {
    target: Type.Unsafe<Target>({
      type: 'string',
      enum: [...TARGETS],
      default: 'counterparty',
      description:
        "What must be new: the payee (counterparty key), the payee's country (counterparty_country) or the device the debit came from",
    }),
    lookback_days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3650,
        description: 'Days before the debit in which the target must not appear (default 180; country 365)',
      }),
    ),
    min_amount: Type.Number({
      minimum: 0,
      maximum: 1e12,
      default: 1000,
      description: 'Smallest debit that fires',
    }),
    median_multiple: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1000,
        description: 'The debit must also reach this multiple of the median debit (READY baseline only)',
      }),
    ),
    channels: Type.Optional(
      Type.Array(Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS] }), {
        maxItems: 12,
        description: 'Only debits on these channels are measured (default all)',
      }),
    ),
    business_channels: Type.Optional(
      Type.Array(Type.Unsafe<(typeof CHANNELS)[number]>({ type: 'string', enum: [...CHANNELS] }), {
        maxItems: 12,
        description:
          'A payee of counterparty_type BUSINESS counts only on these channels: a new insurer or roofer paid by check or bill pay is ordinary (default: every channel)',
      }),
    ),
    skip_related_parties: Type.Optional(
      Type.Boolean({
        description:
          'Payees the bank marks as the customer themself, family, caregiver, fiduciary or joint owner are not strangers: the RELATIONSHIP rules measure money to them (default false)',
      }),
    ),
    note_high_risk_country: Type.Boolean({
      default: true,
      description:
        "Name the payee's country in the reason when it is on the tenant's high-risk list (thresholds are unchanged)",
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

const countryCode = (code: string | null) => {
  const trimmed = code?.trim().toUpperCase();
  return trimmed === '' ? undefined : trimmed;
};

interface Newness {
  matches: (t: Transaction) => boolean;
  subject: string;
}

function newness(debit: Transaction, target: Target, lookbackDays: number): Newness | undefined {
  const quiet = `not paid in the previous ${lookbackDays} days`;
  if (target === 'counterparty') {
    const key = counterpartyKey(debit);
    if (key === undefined) return undefined;
    const payee = debit.counterpartyName ?? debit.counterpartyId ?? 'a payee';
    return {
      matches: (t) => t.direction === 'DEBIT' && counterpartyKey(t) === key,
      subject: `to ${payee}, a payee ${quiet}`,
    };
  }
  if (target === 'country') {
    const code = countryCode(debit.counterpartyCountry);
    // "International": a payment to the country the debit was made in is domestic.
    if (code === undefined || code === countryCode(debit.country)) return undefined;
    return {
      matches: (t) => t.direction === 'DEBIT' && countryCode(t.counterpartyCountry) === code,
      subject: `to ${code}, a country ${quiet}`,
    };
  }
  const device = debit.deviceId;
  if (device === null) return undefined;
  // Devices are known from the customer's transactions only: the login that opens a session is no history.
  return {
    matches: (t) => t.deviceId === device,
    subject: `from device ${device}, not seen in the previous ${lookbackDays} days`,
  };
}

const RELATED = new Set(['SELF', 'FAMILY', 'CAREGIVER', 'FIDUCIARY', 'JOINT_OWNER']);
const isRelatedParty = (t: Transaction) =>
  t.counterpartyRelationship !== null && RELATED.has(t.counterpartyRelationship);

/** A debit to a payee, country or device absent from the lookback before it (detection.md §4 NEW_COUNTERPARTY). */
function measure(input: RuleInput, p: Parameters): Measurement {
  const debit = scoredDebit(input);
  if (!debit || (p.channels && !p.channels.includes(debit.channel))) return NOT_FIRED;
  if (
    debit.counterpartyType === 'BUSINESS' &&
    p.business_channels &&
    !p.business_channels.includes(debit.channel)
  )
    return NOT_FIRED;
  if (p.skip_related_parties === true && isRelatedParty(debit)) return NOT_FIRED;
  const median = medianDebitOrZero(input.baseline);
  const threshold = Math.max(toMinor(p.min_amount), Math.ceil((p.median_multiple ?? 0) * median));
  if (debit.amountMinor < threshold) return NOT_FIRED;
  const lookbackDays = p.lookback_days ?? DEFAULT_LOOKBACK_DAYS[p.target];
  const target = newness(debit, p.target, lookbackDays);
  if (!target) return NOT_FIRED;
  // Earlier means in (t − lookback, t): the scored debit and same-millisecond ones are not history.
  const list = input.history.transactions;
  const end = endAt(list, debit.occurredAtMs - 1);
  for (let i = endAt(list, debit.occurredAtMs - lookbackDays * DAY_MS); i < end; i++) {
    const t = list[i];
    if (t && target.matches(t)) return NOT_FIRED;
  }
  const country = countryCode(debit.counterpartyCountry);
  const highRisk =
    p.note_high_risk_country && country !== undefined && input.settings.highRiskCountries.has(country)
      ? `; ${country} is on the tenant's high-risk country list`
      : '';
  return {
    outcome: 'FIRED',
    measured: debit.amountMinor,
    threshold,
    baseline: isReady(input.baseline) ? median : null,
    reason: `A ${debit.channel} debit of ${formatMoney(debit.amountMinor)} ${target.subject}, is at or above the threshold of ${formatMoney(threshold)}${highRisk}.`,
    transactionIds: [debit.id],
    eventIds: [],
  };
}

export const newCounterparty: RuleTypeDefinition<Parameters> = {
  type: 'NEW_COUNTERPARTY',
  parameters: Parameters,
  defaultCategory: 'SCAM_OTHER',
  realTime: true,
  measure,
};

export const newCounterpartyDefaults: DefaultRule[] = [
  {
    name: 'Large transfer to new payee',
    ruleType: 'NEW_COUNTERPARTY',
    weight: 0.45,
    severity: 'HIGH',
    signalCategory: 'SCAM_OTHER',
    description:
      "A transfer (P2P, ACH, wire, online transfer or bill pay; not a check) of at least 1,000 and three times the customer's median debit to a payee not paid in the previous 365 days (tuned from 180: semi-annual bills such as property tax are not new payees).",
    parameters: {
      target: 'counterparty',
      lookback_days: 365,
      min_amount: 1000,
      median_multiple: 3,
      // Issue 13: a check is slow, traceable and can be stopped: the rails strangers demand are
      // cash, wires, crypto, gift cards and instant transfers. A handwritten check to a new person
      // (a grandchild's gift, a new helper) is not accused alone; other rules still measure it.
      channels: ['P2P', 'ACH', 'WIRE', 'ONLINE_TRANSFER', 'BILL_PAY'],
      business_channels: ['P2P', 'WIRE', 'ONLINE_TRANSFER'],
      // Issue 13: a grandchild's tuition is a gift to family, measured by the related-party rule.
      skip_related_parties: true,
      note_high_risk_country: true,
    },
  },
  {
    name: 'International wire to new country',
    ruleType: 'NEW_COUNTERPARTY',
    weight: 0.55,
    severity: 'HIGH',
    signalCategory: 'SCAM_ROMANCE',
    description: 'A wire of at least 1,000 to a country the customer has not paid in the previous 365 days.',
    parameters: {
      target: 'country',
      lookback_days: 365,
      min_amount: 1000,
      channels: ['WIRE'],
      note_high_risk_country: true,
    },
  },
];
