import { FUEL, GROCERS, pickStore, SHOPS } from '../merchants.js';
import { deviceAt } from '../persona.js';
import { DAY_MS, startOfDay } from '../time.js';
import type { Scenario } from './scenario.js';

/** After the customer dies, someone keeps using the card and PIN before the bank is told. */
export const postDeath: Scenario = {
  typology: 'post_death',
  category: 'POST_DEATH_ACTIVITY',
  prepare(random, persona, startMs) {
    persona.deathMs = startOfDay(startMs) - random.int(2, 30) * DAY_MS;
  },
  inject(context) {
    const { random, persona } = context;
    const places = [
      pickStore(random, GROCERS),
      pickStore(random, FUEL),
      pickStore(random, SHOPS),
      pickStore(random, SHOPS),
    ];
    const days = random.int(5, 60);
    // Some misuse is a handful of small purchases; some is a spree.
    const perDay = random.chance(0.3) ? random.uniform(0.05, 0.15) : random.uniform(0.2, 0.7);
    for (let day = 0; day < days; day++) {
      if (day > 0 && !random.chance(perDay)) continue;
      if (random.chance(0.3)) {
        context.add({
          atMs: context.at(day, random.int(8, 22)),
          amountCents: random.pick([100, 200, 300, 400, 500]) * 100,
          direction: 'DEBIT',
          channel: 'ATM',
          description: 'ATM WITHDRAWAL',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      } else {
        const place = random.pick(places);
        context.add({
          atMs: context.at(day, random.int(8, 21)),
          amountCents: Math.round(random.lognormal(6500, 0.9)),
          direction: 'DEBIT',
          channel: 'CARD',
          counterparty: place.at,
          mcc: place.merchant.mcc,
          description: place.at.name,
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      }
    }
    const heir = persona.family[0];
    if (heir !== undefined && persona.isOnline && random.chance(0.3)) {
      const atMs = context.at(random.int(1, days), 21);
      context.add({
        atMs,
        amountCents: random.int(5, 40) * 10_000,
        direction: 'DEBIT',
        channel: 'P2P',
        counterparty: heir.counterparty,
        deviceId: deviceAt(persona, atMs),
        initiatedBy: 'CUSTOMER',
      });
    }
  },
};
