import type { Counterparty, Ledger } from '../ledger.js';
import {
  DOCTORS,
  FUEL,
  GROCERS,
  type Merchant,
  PHARMACIES,
  pickStore,
  RESTAURANTS,
  SHOPS,
} from '../merchants.js';
import { activeUntil, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay, weekday } from '../time.js';
import { isAway } from './circumstances.js';

interface Habit {
  places: { merchant: Merchant; at: Counterparty }[];
  perDay: number;
  favouriteDay: number;
  medianCents: number;
  sigma: number;
  hours: [number, number];
}

function habit(
  random: Random,
  merchants: readonly Merchant[],
  perMonth: number,
  median: number,
  sigma: number,
): Habit {
  const places = Array.from({ length: random.int(1, 3) }, () => pickStore(random, merchants));
  return {
    places,
    perDay: perMonth / 30,
    favouriteDay: random.int(0, 6),
    medianCents: Math.round(random.lognormal(median, 0.3) * 100),
    sigma,
    hours: [random.int(8, 11), random.int(14, 19)],
  };
}

/** Card spending on everyday things: groceries, pharmacy, eating out, fuel, shops, doctors' co-pays. */
export function addSpending(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const drives = persona.ageAtEnd < 88 && random.chance(0.75);
  const scale = persona.affluence;
  const habits: Habit[] = [
    habit(random, GROCERS, random.lognormal(4.5, 0.4), 50 * scale, 0.5),
    habit(random, PHARMACIES, random.lognormal(1.6, 0.5), 22, 0.8),
    habit(random, RESTAURANTS, random.lognormal(2 * scale, 0.8), 24 * scale, 0.5),
    habit(random, SHOPS, random.lognormal(2.2, 0.6), 38 * scale, 0.8),
    habit(random, DOCTORS, random.lognormal(0.6, 0.5), 40, 0.9),
  ];
  if (drives) habits.push(habit(random, FUEL, random.lognormal(2, 0.4), 40, 0.3));
  const lastMs = activeUntil(persona);
  for (let day = startOfDay(persona.fromMs); day < lastMs; day += DAY_MS) {
    if (isAway(persona, day)) continue;
    for (const h of habits) {
      // Most people shop on a favourite day; the rest of the trips spread over the week.
      const p = weekday(day) === h.favouriteDay ? Math.min(0.9, h.perDay * 3) : h.perDay * 0.67;
      if (!random.chance(p)) continue;
      const place = random.pick(h.places);
      const atMs = localTime(persona, day, random.int(h.hours[0], h.hours[1]), random.int(0, 59));
      if (atMs >= lastMs) continue;
      ledger.add({
        atMs,
        amountCents: Math.max(99, Math.round(random.lognormal(h.medianCents, h.sigma))),
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
}
