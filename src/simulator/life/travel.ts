import type { Ledger } from '../ledger.js';
import { business, FOREIGN, store } from '../merchants.js';
import { activeUntil, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';
import { lifeEventLedger } from './life-event.js';

/** A trip abroad: the ticket bought weeks before, then card and ATM use in another country. */
export function addTravel(random: Random, persona: Persona, everyday: Ledger): void {
  const trip = persona.travel;
  if (trip === undefined || persona.isDormant) return;
  const ledger = lifeEventLedger(persona, everyday, 'TRAVEL_ABROAD', trip.fromMs);
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
  if (random.chance(0.35)) {
    // A tour or a rental booked ahead: by card at a US agency, or now and then a wire to the host abroad.
    const byWire = random.chance(0.3);
    const bookedMs = ticketMs + random.int(1, 10) * DAY_MS;
    const host = byWire
      ? business(random.pick(['VILLA RENTALS SRL', 'HOTEL PALACE', 'GRAND TOURS LTD']), trip.country)
      : business(random.pick(['SENIOR TRAVEL ADVENTURES', 'GLOBUS TOURS DESK', 'ROAD SCHOLAR TRIPS']));
    ledger.add({
      atMs: bookedMs,
      amountCents: random.int(150, 900) * 1000,
      direction: 'DEBIT',
      channel: byWire ? 'WIRE' : 'CARD',
      counterparty: host,
      mcc: byWire ? undefined : '4722',
      description: byWire ? 'BOOKING DEPOSIT' : host.name,
      country: byWire ? undefined : 'US',
      initiatedBy: 'CUSTOMER',
    });
  }
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
