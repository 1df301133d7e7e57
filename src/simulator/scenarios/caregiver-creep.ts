import { hireCaregiver } from '../life/circumstances.js';
import { type Caregiver, deviceAt } from '../persona.js';
import { DAY_MS, startOfDay } from '../time.js';
import { roundish, type Scenario } from './scenario.js';

const EXTRAS = ['advance', 'groceries', 'car repair', 'bonus', 'gas money', 'loan', undefined];

/** A caregiver paid fairly for months starts taking more: higher pay, extra checks, cash from the ATM. */
export const caregiverCreep: Scenario = {
  typology: 'caregiver_creep',
  category: 'THEFT_CAREGIVER',
  prepare(random, persona, startMs) {
    if (persona.caregiver === undefined || persona.caregiver.fromMs > persona.fromMs)
      hireCaregiver(random, persona, persona.fromMs);
    (persona.caregiver as Caregiver).untilMs = startMs;
  },
  inject(context) {
    const { random, persona } = context;
    const caregiver = persona.caregiver as Caregiver;
    const monthlyGrowth = random.uniform(0.04, 0.2);
    const weeks = caregiver.everyDays / 7;
    const channel =
      caregiver.channel === 'ACH' || !persona.isOnline || random.chance(0.7) ? caregiver.channel : 'P2P';
    if (random.chance(0.15)) {
      context.addEvent({
        atMs: context.at(random.int(5, 40), 11),
        eventType: random.chance(0.7) ? 'AUTHORIZED_USER_ADDED' : 'JOINT_OWNER_ADDED',
        party: { id: caregiver.counterparty.id, name: caregiver.counterparty.name },
      });
    }
    const firstPay = Math.max(
      context.startMs,
      startOfDay(caregiver.fromMs) +
        Math.ceil((context.startMs - caregiver.fromMs) / (caregiver.everyDays * DAY_MS)) *
          caregiver.everyDays *
          DAY_MS,
    );
    for (let payMs = firstPay; payMs < persona.toMs; payMs += caregiver.everyDays * DAY_MS) {
      const months = (payMs - context.startMs) / (30 * DAY_MS);
      const hours =
        Math.round(
          caregiver.hoursPerWeek * weeks * random.uniform(0.9, 1.15) * (1 + monthlyGrowth) ** months * 2,
        ) / 2;
      const atMs = context.at((payMs - context.startMs) / DAY_MS, random.int(9, 18));
      context.add({
        atMs,
        amountCents: Math.round(hours * caregiver.rateCents),
        direction: 'DEBIT',
        channel,
        counterparty: caregiver.counterparty,
        description: random.chance(0.4) ? 'care' : undefined,
        deviceId: channel === 'P2P' ? deviceAt(persona, atMs) : undefined,
        initiatedBy: 'CUSTOMER',
      });
      if (random.chance(0.1 + months * 0.08)) {
        context.add({
          atMs: atMs + random.int(1, 4) * DAY_MS,
          amountCents: roundish(random.lognormal(300, 0.7) * (1 + months * 0.3)),
          direction: 'DEBIT',
          channel: channel === 'ACH' ? 'CHECK' : channel,
          counterparty: caregiver.counterparty,
          description: random.pick(EXTRAS),
          initiatedBy: 'CUSTOMER',
        });
      }
      if (random.chance(0.2)) {
        context.add({
          atMs: atMs + random.int(0, 3) * DAY_MS + 3_600_000,
          amountCents: random.pick([200, 300, 400, 500]) * 100,
          direction: 'DEBIT',
          channel: 'ATM',
          description: 'ATM WITHDRAWAL',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      }
    }
  },
};
