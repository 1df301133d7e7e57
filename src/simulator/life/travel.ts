import type { Ledger } from '../ledger.js';
import { FOREIGN, store } from '../merchants.js';
import { activeUntil, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';

/** A trip abroad: the ticket bought weeks before, then card and ATM use in another country. */
export function addTravel(random: Random, persona: Persona, ledger: Ledger): void {
  const trip = persona.travel;
  if (trip === undefined || persona.isDormant) return;
  const hasForeignFee = random.chance(0.5);
  const spend = (atMs: number, cents: number, draft: Parameters<Ledger['add']>[0]): void => {
    ledger.add(draft);
    if (hasForeignFee) {
      const fee = Math.max(1, Math.round(cents * 0.03));
      ledger.add({
        atMs: atMs + 60_000,
        amountCents: fee,
        direction: 'DEBIT',
        channel: 'OTHER',
        description: 'FOREIGN TRANSACTION FEE',
        initiatedBy: 'INSTITUTION',
      });
    }
  };
  const ticketMs = localTime(
    persona,
    startOfDay(trip.fromMs) - random.int(20, 90) * DAY_MS,
    random.int(9, 20),
    random.int(0, 59),
  );
  ledger.add({
    atMs: ticketMs,
    amountCents: random.int(600, 2600) * 100 * random.int(1, 2) + random.int(0, 99),
    direction: 'DEBIT',
    channel: 'CARD',
    counterparty: store({ name: 'AIRLINE TICKET', mcc: '4511' }, random.int(100, 999)),
    mcc: '4511',
    description: 'AIRLINE TICKET',
    country: 'US',
    initiatedBy: 'CUSTOMER',
  });
  const places = Array.from({ length: 6 }, () => {
    const merchant = random.pick(FOREIGN);
    return { merchant, at: store(merchant, random.int(1, 99), trip.country) };
  });
  const lastMs = Math.min(trip.toMs, activeUntil(persona));
  for (let day = startOfDay(trip.fromMs); day < lastMs; day += DAY_MS) {
    for (let i = random.int(0, 4); i > 0; i--) {
      const place = random.pick(places);
      const atMs = localTime(persona, day, random.int(8, 21), random.int(0, 59));
      const cents = Math.round(random.lognormal(4200, 0.8));
      spend(atMs, cents, {
        atMs,
        amountCents: cents,
        direction: 'DEBIT',
        channel: 'CARD',
        counterparty: place.at,
        mcc: place.merchant.mcc,
        description: place.at.name,
        country: trip.country,
        initiatedBy: 'CUSTOMER',
      });
    }
    if (random.chance(0.15)) {
      const atMs = localTime(persona, day, random.int(9, 18), random.int(0, 59));
      // Cash abroad is drawn in local currency, so the dollar amount is never round.
      const cents = random.int(12_000, 45_000);
      spend(atMs, cents, {
        atMs,
        amountCents: cents,
        direction: 'DEBIT',
        channel: 'ATM',
        description: 'ATM WITHDRAWAL INTL',
        country: trip.country,
        initiatedBy: 'CUSTOMER',
      });
    }
  }
}
