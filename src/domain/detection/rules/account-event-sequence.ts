import { Type, type Static } from 'typebox';
import type { AccountEvent } from '../../activity.js';
import { CHANNELS, EVENT_TYPES, type Channel, type EventType } from '../../values/enums.js';
import { between, HOUR_MS, itemTime, scoredDebit, setOf } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';
import { isMerchantPayment } from '../payee-kind.js';
import { EVENT_LABELS, measureDebitAfter, measurePartyDebits } from './account-event-sequence.payments.js';
import { measureEventPattern } from './account-event-sequence.pattern.js';

const MODES = ['event', 'debit', 'party_debits', 'event_pattern'] as const;
const channelList = (description: string) =>
  Type.Optional(
    Type.Array(Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] }), { maxItems: 12, description }),
  );

const Parameters = Type.Object(
  {
    mode: Type.Unsafe<(typeof MODES)[number]>({
      type: 'string',
      enum: [...MODES],
      default: 'debit',
      description:
        'event: the trigger event itself fires; debit: a debit within window_hours after a trigger event; party_debits: the debits initiated by or paid to the party a trigger event added, totalled over window_hours; event_pattern: min_distinct_events different trigger events within window_hours, on the events alone (before any debit)',
    }),
    trigger_events: Type.Array(Type.Unsafe<EventType>({ type: 'string', enum: [...EVENT_TYPES] }), {
      minItems: 1,
      maxItems: 16,
      description: 'Account events that start the sequence',
    }),
    window_hours: Type.Integer({
      minimum: 1,
      maximum: 8760,
      default: 336,
      description: 'How long after a trigger event its debits count (debit and party_debits modes)',
    }),
    min_amount: Type.Number({
      minimum: 0,
      maximum: 1e12,
      default: 0,
      description: 'The debit (debit mode) or the total (party_debits mode) must reach this amount',
    }),
    median_multiple: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 1000,
        description: "Debit mode: the debit must also reach this multiple of the customer's median debit",
      }),
    ),
    monthly_outflow_multiple: Type.Optional(
      Type.Number({
        minimum: 0,
        maximum: 100,
        description:
          "party_debits mode: the total must also reach this multiple of the customer's monthly outflow median",
      }),
    ),
    channels: channelList('Only debits on these channels count'),
    new_payee_days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 3650,
        description:
          'Debit mode: a debit of any amount to a counterparty not paid in this many days before also completes the sequence',
      }),
    ),
    new_payee_channels: channelList(
      'Debit mode: channels on which a payment to a new payee counts (all when omitted)',
    ),
    exclude_merchant_payments: Type.Optional(
      Type.Boolean({
        description:
          'Debit mode: payments to a business by check, ACH, bill pay or card never complete the sequence (after a move the customer pays a new landlord, care facility or utility; a takeover moves money by transfer, wire, P2P, cash or gift cards). Default false',
      }),
    ),
    min_distinct_events: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 16,
        description:
          'event_pattern mode: how many different trigger event types within window_hours make the pattern (default 3)',
      }),
    ),
    anchor_events: Type.Optional(
      Type.Array(Type.Unsafe<EventType>({ type: 'string', enum: [...EVENT_TYPES] }), {
        maxItems: 16,
        description:
          'event_pattern mode: one of these must be among the events (e.g. a new agent); they count toward min_distinct_events',
      }),
    ),
  },
  { additionalProperties: false },
);
export type Parameters = Static<typeof Parameters>;

/**
 * An account event followed within a window by a risky payment, or the event alone (detection.md §4
 * ACCOUNT_EVENT_SEQUENCE): the scored item is the payment that completes the sequence, or the event.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const triggers = setOf(p.trigger_events);
  if (p.mode === 'event') {
    if (input.item.kind !== 'event' || !triggers.has(input.item.event.eventType)) return NOT_FIRED;
    const event = input.item.event;
    const label = EVENT_LABELS[event.eventType];
    return {
      outcome: 'FIRED',
      measured: 1,
      threshold: 1,
      baseline: null,
      reason: `${label.charAt(0).toUpperCase()}${label.slice(1)} was recorded.`,
      transactionIds: [],
      eventIds: [event.id],
    };
  }
  if (p.mode === 'event_pattern') return measureEventPattern(input, p);
  const debit = scoredDebit(input);
  if (!debit) return NOT_FIRED;
  if (p.channels !== undefined && !p.channels.includes(debit.channel)) return NOT_FIRED;
  if (p.exclude_merchant_payments === true && isMerchantPayment(debit)) return NOT_FIRED;
  const atMs = itemTime(input.item);
  // From atMs − window inclusive: a debit exactly window_hours after its event still counts.
  const events: AccountEvent[] = between(
    input.history.events,
    atMs - p.window_hours * HOUR_MS - 1,
    atMs,
  ).filter((e) => triggers.has(e.eventType));
  if (events.length === 0) return NOT_FIRED;
  return p.mode === 'party_debits'
    ? measurePartyDebits(input, p, debit, events)
    : measureDebitAfter(input, p, debit, events);
}

export const accountEventSequence: RuleTypeDefinition<Parameters> = {
  type: 'ACCOUNT_EVENT_SEQUENCE',
  parameters: Parameters,
  defaultCategory: 'ACCOUNT_TAKEOVER',
  realTime: true,
  measure,
};

const ACCOUNT_TAKEOVER = { ruleType: 'ACCOUNT_EVENT_SEQUENCE', weight: 0.5, severity: 'HIGH' } as const;

export const accountEventSequenceDefaults: DefaultRule[] = [
  {
    ...ACCOUNT_TAKEOVER,
    name: 'Contact change then outflow',
    signalCategory: 'ACCOUNT_TAKEOVER',
    description:
      "Within 14 days of an address, phone or email change or a password reset, a debit of at least 1,000 and three times the customer's median, or a payment to a new payee.",
    parameters: {
      mode: 'debit',
      trigger_events: ['ADDRESS_CHANGE', 'PHONE_CHANGE', 'EMAIL_CHANGE', 'PASSWORD_RESET'],
      window_hours: 336,
      min_amount: 1000,
      median_multiple: 3,
      new_payee_days: 180,
      new_payee_channels: ['P2P', 'ACH', 'WIRE', 'ONLINE_TRANSFER', 'BILL_PAY', 'CHECK'],
      // Issue 13: an address change then rent to a new landlord or care facility is a move, not a drain.
      exclude_merchant_payments: true,
    },
  },
  {
    ...ACCOUNT_TAKEOVER,
    name: 'New device then transfer',
    signalCategory: 'ACCOUNT_TAKEOVER',
    description:
      'Within 48 hours of a login from a new device, a new payee or a limit increase, an online, P2P or wire debit of at least 1,000.',
    parameters: {
      mode: 'debit',
      trigger_events: ['NEW_DEVICE_LOGIN', 'PAYEE_ADDED', 'LIMIT_INCREASE'],
      window_hours: 48,
      min_amount: 1000,
      channels: ['ONLINE_TRANSFER', 'P2P', 'WIRE'],
    },
  },
  {
    name: 'Agent added then outflow',
    ruleType: 'ACCOUNT_EVENT_SEQUENCE',
    weight: 0.55,
    severity: 'HIGH',
    signalCategory: 'THEFT_FIDUCIARY',
    description:
      "Within 60 days of a new power of attorney, authorized user or joint owner, debits initiated by or paid to that person total at least 2,000 and the customer's monthly outflow.",
    parameters: {
      mode: 'party_debits',
      trigger_events: ['POA_ADDED', 'AUTHORIZED_USER_ADDED', 'JOINT_OWNER_ADDED'],
      window_hours: 1440,
      min_amount: 2000,
      monthly_outflow_multiple: 1,
    },
  },
  {
    name: 'Early CD withdrawal then outflow',
    ruleType: 'ACCOUNT_EVENT_SEQUENCE',
    weight: 0.4,
    severity: 'MEDIUM',
    signalCategory: 'SCAM_OTHER',
    description: 'Within 14 days of breaking a CD early, a debit of at least 5,000.',
    parameters: {
      mode: 'debit',
      trigger_events: ['CD_EARLY_WITHDRAWAL'],
      window_hours: 336,
      min_amount: 5000,
      // Issue 13: a CD broken to pay the car dealer or the roofer by check is the customer's plan.
      exclude_merchant_payments: true,
    },
  },
  {
    ...ACCOUNT_TAKEOVER,
    name: 'Takeover pattern in account events',
    signalCategory: 'ACCOUNT_TAKEOVER',
    description:
      'Within 72 hours, three different changes among contact details, password reset, new device, new payee and limit increase: a takeover being set up, flagged before any money moves.',
    parameters: {
      mode: 'event_pattern',
      trigger_events: [
        'ADDRESS_CHANGE',
        'PHONE_CHANGE',
        'EMAIL_CHANGE',
        'PASSWORD_RESET',
        'NEW_DEVICE_LOGIN',
        'PAYEE_ADDED',
        'LIMIT_INCREASE',
      ],
      window_hours: 72,
      min_amount: 0,
      min_distinct_events: 3,
    },
  },
  {
    name: 'New agent then account changes',
    ruleType: 'ACCOUNT_EVENT_SEQUENCE',
    weight: 0.45,
    severity: 'HIGH',
    signalCategory: 'THEFT_FIDUCIARY',
    description:
      'Within 30 days of a new power of attorney, authorized user or joint owner, two more changes among address, phone, email, beneficiary and direct deposit: control being taken, flagged before any money moves.',
    parameters: {
      mode: 'event_pattern',
      trigger_events: [
        'POA_ADDED',
        'AUTHORIZED_USER_ADDED',
        'JOINT_OWNER_ADDED',
        'ADDRESS_CHANGE',
        'PHONE_CHANGE',
        'EMAIL_CHANGE',
        'BENEFICIARY_CHANGE',
        'DIRECT_DEPOSIT_CHANGE',
      ],
      anchor_events: ['POA_ADDED', 'AUTHORIZED_USER_ADDED', 'JOINT_OWNER_ADDED'],
      window_hours: 720,
      min_amount: 0,
      min_distinct_events: 3,
    },
  },
  {
    name: 'Staff concern',
    ruleType: 'ACCOUNT_EVENT_SEQUENCE',
    weight: 0.3,
    severity: 'LOW',
    signalCategory: 'UNDETERMINED',
    description: 'A member of staff recorded a concern about the customer.',
    parameters: { mode: 'event', trigger_events: ['STAFF_CONCERN'], window_hours: 336, min_amount: 0 },
  },
];
