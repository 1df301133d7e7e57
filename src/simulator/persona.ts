import type { EnrollmentReason } from '../domain/values/enums.js';
import type { Counterparty } from './ledger.js';
import type { LifeEventRecord } from './life/life-event.js';
import { counterpartyId, deviceId, firstName, phoneNumber, surname, youngerFirstName } from './names.js';
import type { Random } from './random.js';
import { DAY_MS, HOUR_MS, isoDay, MINUTE_MS, parseDay } from './time.js';

export interface Relative {
  name: string;
  role: string;
  counterparty: Counterparty;
  birthdayMonth: number;
  birthdayDay: number;
}

export interface Caregiver {
  counterparty: Counterparty;
  fromMs: number;
  untilMs: number;
  rateCents: number;
  hoursPerWeek: number;
  everyDays: 7 | 14;
  channel: 'CHECK' | 'P2P' | 'ACH';
}

export interface PowerOfAttorney {
  agent: Relative;
  agentDeviceId: string;
  addedMs: number;
  /** Who writes the POA_ADDED event: nobody (granted before the period), everyday life, or a scenario. */
  source: 'before-period' | 'life' | 'scenario';
}

/** The facts about one customer that several generators share; everything else each generator decides. */
export interface Persona {
  index: number;
  customerId: string;
  idStem: string;
  fullName: string;
  lastName: string;
  sex: 'F' | 'M';
  dateOfBirth: string;
  ageAtEnd: number;
  tzOffsetHours: number;
  isOnline: boolean;
  devices: { fromMs: number; id: string }[];
  /** How well off the customer is (1 = typical); income and spending both scale with it. */
  affluence: number;
  openingBalanceCents: number;
  savings: Counterparty;
  family: Relative[];
  trustedContact?: { name: string; relationship: string; phone: string };
  caregiver?: Caregiver;
  poa?: PowerOfAttorney;
  travel?: { country: string; fromMs: number; toMs: number };
  /** No customer-initiated debits at all (a forgotten or set-aside account). */
  isDormant: boolean;
  /** Midnight UTC of the date of death: the customer does nothing from then on. */
  deathMs?: number;
  enrollmentReason: EnrollmentReason;
  enrollmentNotes?: string;
  /** Labelled legitimate life events (a car, a move, a funeral), filled in as life is generated. */
  lifeEvents: LifeEventRecord[];
  fromMs: number;
  toMs: number;
}

export interface Period {
  fromMs: number;
  toMs: number;
}

const ROLES = ['son', 'daughter', 'daughter', 'son', 'grandson', 'granddaughter', 'niece', 'nephew'] as const;
const OTHER_NOTES = [
  'Customer asked for extra monitoring after a neighbour was scammed',
  'Enrolled after attending the branch fraud-awareness seminar',
  'Branch manager requested monitoring while the estate of the spouse is settled',
] as const;

/** A wall-clock time in the customer's own time zone, as UTC milliseconds. */
export function localTime(persona: Persona, dayMs: number, hour: number, minute: number): number {
  return dayMs + (hour + persona.tzOffsetHours) * HOUR_MS + minute * MINUTE_MS;
}

/** The device the customer banks online from at a given time. */
export function deviceAt(persona: Persona, ms: number): string | undefined {
  // Customers who never bank online have no device: the feed leaves device_id out.
  let current = persona.devices[0]?.id;
  for (const device of persona.devices) if (device.fromMs <= ms) current = device.id;
  return current;
}

/** The time after which the customer no longer acts on the account (death), or the period end. */
export function activeUntil(persona: Persona): number {
  return persona.deathMs ?? persona.toMs;
}

/** A younger relative: a child, grandchild, niece or nephew, most often sharing the surname. */
export function newRelative(random: Random, persona: { customerId: string; lastName: string }): Relative {
  const role = random.pick(ROLES);
  const sex = role === 'daughter' || role === 'granddaughter' || role === 'niece' ? 'F' : 'M';
  const name = `${youngerFirstName(random, sex)} ${random.chance(0.7) ? persona.lastName : surname(random)}`;
  return {
    name,
    role,
    counterparty: {
      id: counterpartyId('INDIVIDUAL', `${persona.customerId}/${name}`),
      name,
      type: 'INDIVIDUAL',
      relationship: 'FAMILY',
      country: 'US',
    },
    birthdayMonth: random.int(1, 12),
    birthdayDay: random.int(1, 28),
  };
}

function enrollment(random: Random): { reason: EnrollmentReason; notes?: string } {
  const reason = random.weighted<EnrollmentReason>([
    ['AGE_THRESHOLD', 40],
    ['CUSTOMER_REQUEST', 9],
    ['TRUSTED_CONTACT_REQUEST', 10],
    ['STAFF_REFERRAL', 8],
    ['DIMINISHED_CAPACITY_CONCERN', 6],
    ['PRIOR_VICTIMIZATION', 5],
    ['APS_OR_LAW_ENFORCEMENT_REFERRAL', 2],
    ['RECENT_LIFE_EVENT', 9],
    ['OTHER', 3],
  ]);
  return reason === 'OTHER' ? { reason, notes: random.pick(OTHER_NOTES) } : { reason };
}

/** Draws the customer's circumstances: age, family, habits that span generators (detection.md §5). */
export function buildPersona(random: Random, index: number, period: Period): Persona {
  const idStem = String(index + 1).padStart(6, '0');
  const customerId = `SIM-${idStem}`;
  const sex = random.chance(0.56) ? 'F' : 'M';
  const lastName = surname(random);
  const ageAtEnd = Math.min(100, 60 + Math.floor(Math.abs(random.normal(0, 13))));
  const endYear = Number(isoDay(period.toMs).slice(0, 4));
  // Born ageAtEnd years before the end, on a day at least one day before that birthday comes round.
  const birthdayThisYear = parseDay(`${endYear - ageAtEnd}-${isoDay(period.toMs).slice(5)}`);
  const dateOfBirth = isoDay(birthdayThisYear - random.int(1, 364) * DAY_MS);
  const family = Array.from(
    {
      length: random.weighted([
        [0, 10],
        [1, 30],
        [2, 35],
        [3, 18],
        [4, 7],
      ]),
    },
    () => newRelative(random, { customerId, lastName }),
  );
  const contact = family[0];
  const { reason, notes } = enrollment(random);
  const affluence = Math.min(2.5, Math.max(0.5, random.lognormal(1, 0.35)));
  const isOnline = random.chance(ageAtEnd < 80 ? 0.65 : 0.35);
  const persona: Persona = {
    index,
    customerId,
    idStem,
    fullName: `${firstName(random, sex)} ${random.chance(0.15) ? `${String.fromCharCode(random.int(65, 90))}. ` : ''}${lastName}`,
    lastName,
    sex,
    dateOfBirth,
    ageAtEnd,
    tzOffsetHours: random.weighted([
      [5, 45],
      [6, 30],
      [7, 8],
      [8, 17],
    ]),
    isOnline,
    devices: isOnline ? [{ fromMs: period.fromMs, id: deviceId(random) }] : [],
    affluence,
    openingBalanceCents: Math.round(random.lognormal(9000 * affluence, 0.8) * 100),
    savings: {
      id: `S${idStem}`,
      name: 'Savings account',
      type: 'INDIVIDUAL',
      relationship: 'SELF',
      country: 'US',
    },
    family,
    isDormant: false,
    lifeEvents: [],
    enrollmentReason: reason,
    enrollmentNotes: notes,
    fromMs: period.fromMs,
    toMs: period.toMs,
  };
  if (contact !== undefined && random.chance(0.85)) {
    persona.trustedContact = { name: contact.name, relationship: contact.role, phone: phoneNumber(random) };
  }
  return persona;
}
