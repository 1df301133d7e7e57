import { counterpartyId, deviceId, firstName, surname } from '../names.js';
import type { Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';

const AGENCIES = [
  'HELPING HANDS HOME CARE',
  'GOLDEN YEARS HOME CARE',
  'COMFORT AT HOME LLC',
  'BRIGHTSIDE SENIOR CARE',
];
const TRAVEL = [
  'CA',
  'MX',
  'GB',
  'IT',
  'FR',
  'DE',
  'IE',
  'ES',
  'PT',
  'GR',
  'JP',
  'IL',
  'PH',
  'IN',
  'PL',
] as const;

function dayWithin(random: Random, persona: Persona, fromShare: number, toShare: number): number {
  const span = persona.toMs - persona.fromMs;
  return startOfDay(persona.fromMs + span * random.uniform(fromShare, toShare));
}

/** A paid caregiver at the going rate, from before the period or starting during it (a confounder). */
export function hireCaregiver(random: Random, persona: Persona, fromMs: number): void {
  const isAgency = random.chance(0.3);
  const name = isAgency
    ? random.pick(AGENCIES)
    : `${firstName(random, random.chance(0.85) ? 'F' : 'M')} ${surname(random)}`;
  persona.caregiver = {
    counterparty: {
      id: counterpartyId(isAgency ? 'BUSINESS' : 'INDIVIDUAL', `${persona.customerId}/${name}`),
      name,
      type: isAgency ? 'BUSINESS' : 'INDIVIDUAL',
      relationship: 'CAREGIVER',
      country: 'US',
    },
    fromMs,
    untilMs: persona.toMs,
    rateCents: random.int(isAgency ? 28 : 17, isAgency ? 36 : 28) * 100 + (random.chance(0.5) ? 50 : 0),
    hoursPerWeek: random.pick([4, 6, 8, 8, 10, 12, 15, 20]),
    everyDays: random.chance(0.6) ? 7 : 14,
    channel: isAgency ? 'ACH' : random.chance(0.6) ? 'CHECK' : 'P2P',
  };
}

/**
 * The legitimate circumstances that make false positives: caregivers, POA agents, trips abroad,
 * new phones, a death with no misuse (detection.md §5).
 */
export function addCircumstances(random: Random, persona: Persona, hasScenario: boolean): void {
  const oldAge = persona.ageAtEnd >= 82;
  if (random.chance(oldAge ? 0.16 : 0.05)) {
    hireCaregiver(
      random,
      persona,
      random.chance(0.6) ? persona.fromMs : dayWithin(random, persona, 0.1, 0.9),
    );
  }
  const agent = persona.family.find((relative) => relative.role === 'son' || relative.role === 'daughter');
  if (agent !== undefined && random.chance(oldAge ? 0.1 : 0.03)) {
    const isBeforePeriod = random.chance(0.5);
    persona.poa = {
      agent: { ...agent, counterparty: { ...agent.counterparty, relationship: 'FIDUCIARY' } },
      agentDeviceId: deviceId(random),
      addedMs: isBeforePeriod
        ? persona.fromMs - random.int(30, 900) * DAY_MS
        : dayWithin(random, persona, 0.1, 0.9),
      source: isBeforePeriod ? 'before-period' : 'life',
    };
    if (isBeforePeriod && random.chance(0.6)) persona.enrollmentReason = 'POA_OR_FIDUCIARY_ESTABLISHED';
  }
  if (!oldAge && random.chance(0.14)) {
    const fromMs = dayWithin(random, persona, 0.05, 0.95);
    persona.travel = { country: random.pick(TRAVEL), fromMs, toMs: fromMs + random.int(6, 21) * DAY_MS };
  }
  if (persona.isOnline && random.chance(0.15)) {
    persona.devices.push({ fromMs: dayWithin(random, persona, 0.05, 0.95), id: deviceId(random) });
  }
  if (!hasScenario && random.chance(oldAge ? 0.02 : 0.004)) {
    persona.deathMs = dayWithin(random, persona, 0.4, 0.9);
  }
}

/** True while the customer is abroad (domestic card use pauses). */
export function isAway(persona: Persona, ms: number): boolean {
  return persona.travel !== undefined && ms >= persona.travel.fromMs && ms < persona.travel.toMs;
}
