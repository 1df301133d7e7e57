import { Type, type Static } from 'typebox';
import { isCustomerInitiated } from '../../activity.js';
import { CHANNELS, PROFILE_STATUSES, type Channel, type ProfileStatus } from '../../values/enums.js';
import { DAY_MS, formatMoney, scoredDebit } from '../history.js';
import {
  NOT_FIRED,
  type DefaultRule,
  type Measurement,
  type RuleInput,
  type RuleTypeDefinition,
} from '../types.js';

const Parameters = Type.Object(
  {
    statuses: Type.Array(Type.Unsafe<ProfileStatus>({ type: 'string', enum: [...PROFILE_STATUSES] }), {
      maxItems: 4,
      default: ['DECEASED', 'CLOSED'],
      description: 'Profile statuses in which a recorded date of death is acted on',
    }),
    channels: Type.Array(Type.Unsafe<Channel>({ type: 'string', enum: [...CHANNELS] }), {
      maxItems: 12,
      default: ['CARD', 'ATM', 'ONLINE_TRANSFER', 'P2P'],
      description: 'A customer-initiated debit on these channels fires from the day after the date of death',
    }),
    check_grace_days: Type.Integer({
      minimum: 0,
      maximum: 365,
      default: 10,
      description: 'A CHECK debit fires only more than this many days after the date of death',
    }),
  },
  { additionalProperties: false },
);
type Parameters = Static<typeof Parameters>;

function channelName(channel: Channel): string {
  const name = channel === 'ATM' || channel === 'P2P' ? channel : channel.toLowerCase().replace('_', ' ');
  return `${/^[aeiouAEIOU]/.test(name) ? 'An' : 'A'} ${name}`;
}

/**
 * A customer-initiated debit after the profile's date of death (detection.md §4 LIFECYCLE_STATUS).
 * Scheduled ACH and bill payments keep running for the estate, and checks written before death
 * clear late, so those do not fire.
 */
function measure(input: RuleInput, p: Parameters): Measurement {
  const { dateOfDeath, status } = input.profile;
  const debit = scoredDebit(input);
  if (!debit || dateOfDeath === null || !p.statuses.includes(status)) return NOT_FIRED;
  // Feed-stated initiators decide; an AUTHORIZED_USER or FIDUCIARY acting for the estate is not the customer.
  if (!isCustomerInitiated(debit)) return NOT_FIRED;
  const deathDayMs = Date.parse(`${dateOfDeath}T00:00:00Z`);
  if (Number.isNaN(deathDayMs)) return NOT_FIRED;
  const graceDays =
    debit.channel === 'CHECK' ? p.check_grace_days : p.channels.includes(debit.channel) ? 0 : null;
  if (graceDays === null) return NOT_FIRED;
  const firstDay = graceDays + 1;
  if (debit.occurredAtMs < deathDayMs + firstDay * DAY_MS) return NOT_FIRED;
  const daysAfter = Math.floor((debit.occurredAtMs - deathDayMs) / DAY_MS);
  return {
    outcome: 'FIRED',
    measured: daysAfter,
    threshold: firstDay,
    baseline: null,
    reason: `${channelName(debit.channel)} debit of ${formatMoney(debit.amountMinor)} was made ${daysAfter} ${daysAfter === 1 ? 'day' : 'days'} after the recorded date of death (${dateOfDeath}).`,
    transactionIds: [debit.id],
    eventIds: [],
  };
}

export const lifecycleStatus: RuleTypeDefinition<Parameters> = {
  type: 'LIFECYCLE_STATUS',
  parameters: Parameters,
  defaultCategory: 'POST_DEATH_ACTIVITY',
  realTime: true,
  measure,
};

export const lifecycleStatusDefaults: DefaultRule[] = [
  {
    name: 'Activity after death',
    ruleType: 'LIFECYCLE_STATUS',
    weight: 0.9,
    severity: 'CRITICAL',
    signalCategory: 'POST_DEATH_ACTIVITY',
    description:
      'A card, ATM, online or P2P debit after the date of death, or a check more than 10 days after it.',
    parameters: {
      statuses: ['DECEASED', 'CLOSED'],
      channels: ['CARD', 'ATM', 'ONLINE_TRANSFER', 'P2P'],
      check_grace_days: 10,
    },
  },
];
