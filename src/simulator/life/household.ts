import type { Counterparty, Ledger } from '../ledger.js';
import { GROCERS, pickStore } from '../merchants.js';
import { counterpartyId, firstName, surname } from '../names.js';
import { activeUntil, deviceAt, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';
import { lifeEventLedger } from './life-event.js';

const HELPERS = [
  'lawn care',
  'housekeeping',
  'handyman',
  'snow removal',
  'hair appointment',
  'piano lessons',
] as const;

/** Pays the customer's caregiver at the going rate, weekly or fortnightly, until `untilMs`. */
export function addCaregiverPay(random: Random, persona: Persona, everyday: Ledger): void {
  const caregiver = persona.caregiver;
  if (caregiver === undefined || persona.isDormant) return;
  // A caregiver hired during the period is a labelled life event; one from before is routine.
  const ledger =
    caregiver.fromMs > persona.fromMs
      ? lifeEventLedger(persona, everyday, 'NEW_CAREGIVER', caregiver.fromMs)
      : everyday;
  const lastMs = Math.min(caregiver.untilMs, activeUntil(persona));
  const weeks = caregiver.everyDays / 7;
  for (
    let day = startOfDay(caregiver.fromMs) + caregiver.everyDays * DAY_MS;
    day < lastMs;
    day += caregiver.everyDays * DAY_MS
  ) {
    const atMs = localTime(persona, day, random.int(9, 18), random.int(0, 59));
    const hours = Math.round(caregiver.hoursPerWeek * weeks * random.uniform(0.85, 1.1) * 2) / 2;
    const poa = persona.poa !== undefined && atMs >= persona.poa.addedMs ? persona.poa : undefined;
    ledger.add({
      atMs: caregiver.channel === 'CHECK' ? atMs + random.int(1, 4) * DAY_MS : atMs,
      amountCents: Math.round(hours * caregiver.rateCents),
      direction: 'DEBIT',
      channel: caregiver.channel,
      counterparty: caregiver.counterparty,
      description:
        caregiver.channel === 'ACH' ? 'HOME CARE SERVICES' : random.chance(0.5) ? 'care' : undefined,
      deviceId: caregiver.channel === 'P2P' ? (poa?.agentDeviceId ?? deviceAt(persona, atMs)) : undefined,
      initiatedBy: poa === undefined ? 'CUSTOMER' : 'FIDUCIARY',
    });
  }
}

/** A legitimate POA agent: small reimbursements, paid from the account by the agent. */
export function addPoaReimbursements(random: Random, persona: Persona, ledger: Ledger): void {
  const poa = persona.poa;
  if (poa === undefined || poa.source === 'scenario' || persona.isDormant) return;
  const lastMs = activeUntil(persona);
  for (
    let day = startOfDay(Math.max(poa.addedMs, persona.fromMs)) + 20 * DAY_MS;
    day < lastMs;
    day += random.int(20, 45) * DAY_MS
  ) {
    if (!random.chance(0.5)) continue;
    ledger.add({
      atMs: localTime(persona, day, random.int(18, 22), random.int(0, 59)),
      amountCents: random.int(40, 320) * 100 + random.int(0, 99),
      direction: 'DEBIT',
      channel: 'ONLINE_TRANSFER',
      counterparty: poa.agent.counterparty,
      description: random.pick([
        'reimburse groceries',
        'reimburse pharmacy',
        'reimbursement',
        'postage and supplies',
      ]),
      deviceId: poa.agentDeviceId,
      initiatedBy: 'FIDUCIARY',
    });
  }
}

/** Odd jobs paid to people the bank knows nothing about, and an authorized user who shops for the customer. */
export function addHelpers(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const lastMs = activeUntil(persona);
  if (random.chance(0.3)) {
    const name = `${firstName(random, random.chance(0.5) ? 'F' : 'M')} ${surname(random)}`;
    const helper: Counterparty = {
      id: counterpartyId('INDIVIDUAL', `${persona.customerId}/${name}`),
      name,
      type: 'INDIVIDUAL',
      relationship: 'OTHER',
      country: 'US',
    };
    const job = random.pick(HELPERS);
    const cents = random.int(4, 30) * 1000;
    const everyDays = random.pick([14, 30, 30, 60]);
    for (
      let day = startOfDay(persona.fromMs + random.int(0, 200) * DAY_MS);
      day < lastMs;
      day += everyDays * DAY_MS
    ) {
      const atMs = localTime(persona, day, random.int(9, 17), random.int(0, 59));
      const isP2p = persona.isOnline && random.chance(0.6);
      ledger.add({
        atMs,
        amountCents: random.chance(0.8) ? cents : cents + random.int(1, 20) * 500,
        direction: 'DEBIT',
        channel: isP2p ? 'P2P' : 'CHECK',
        counterparty: helper,
        description: job,
        deviceId: isP2p ? deviceAt(persona, atMs) : undefined,
        initiatedBy: 'CUSTOMER',
      });
    }
  }
  const shopper = persona.family[0];
  if (shopper !== undefined && random.chance(0.03)) {
    const addedMs = localTime(persona, startOfDay(random.uniform(persona.fromMs, lastMs)), 11, 0);
    ledger.addEvent({
      atMs: addedMs,
      eventType: 'AUTHORIZED_USER_ADDED',
      party: { id: shopper.counterparty.id, name: shopper.name },
    });
    const grocer = pickStore(random, GROCERS);
    for (let day = startOfDay(addedMs) + DAY_MS; day < lastMs; day += random.int(5, 15) * DAY_MS) {
      ledger.add({
        atMs: localTime(persona, day, random.int(10, 19), random.int(0, 59)),
        amountCents: random.int(2500, 16000),
        direction: 'DEBIT',
        channel: 'CARD',
        counterparty: grocer.at,
        mcc: grocer.merchant.mcc,
        description: grocer.at.name,
        country: 'US',
        initiatedBy: 'AUTHORIZED_USER',
      });
    }
  }
}
