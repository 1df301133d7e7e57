import type { Channel } from '../wire.js';
import type { Ledger } from '../ledger.js';
import { business } from '../merchants.js';
import { activeUntil, deviceAt, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';

interface Purchase {
  payee: string;
  mcc?: string;
  dollars: [number, number];
  channels: readonly Channel[];
}

// Legitimate big spending that looks like exploitation to a naive rule (detection.md §5). Cars,
// repairs, hospital bills, funerals and taxes are labelled life events (life-events.ts).
const PURCHASES: readonly [Purchase, number][] = [
  [{ payee: 'VALLEY DENTAL GROUP', mcc: '8021', dollars: [1_400, 7_000], channels: ['CARD'] }, 2],
  [{ payee: 'CLEARSOUND HEARING CENTER', mcc: '5999', dollars: [2_000, 6_500], channels: ['CARD'] }, 2],
  [{ payee: 'FURNITURE & APPLIANCE MART', mcc: '5712', dollars: [900, 4_200], channels: ['CARD'] }, 3],
  [{ payee: 'HORIZON CRUISES', mcc: '4411', dollars: [2_200, 8_500], channels: ['CARD'] }, 1],
];

/** Now and then a large purchase: dental work, hearing aids, furniture, a cruise. */
export function addLargePurchases(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const months = Math.round((persona.toMs - persona.fromMs) / (30 * DAY_MS));
  for (let month = 0; month < months; month++) {
    // Cars, roofs and the like moved to life events; what is left keeps its old frequency.
    if (!random.chance(0.015)) continue;
    const purchase = random.weighted(PURCHASES);
    const day = startOfDay(random.uniform(persona.fromMs, activeUntil(persona)));
    const atMs = localTime(persona, day, random.int(9, 16), random.int(0, 59));
    if (atMs >= activeUntil(persona)) continue;
    const [low, high] = purchase.dollars;
    const dollars = random.uniform(low, high);
    // Invoices paid by check or transfer come in round tens; card totals to the cent.
    const cents = purchase.mcc === undefined ? Math.round(dollars / 10) * 1000 : Math.round(dollars * 100);
    let channel = random.pick(purchase.channels);
    if (channel === 'BILL_PAY' && !persona.isOnline) channel = 'CHECK';
    const payee = business(purchase.payee);
    if (channel === 'WIRE' && persona.isOnline && random.chance(0.5)) {
      ledger.addEvent({
        atMs: atMs - random.int(1, 48) * 3_600_000,
        eventType: 'LIMIT_INCREASE',
        deviceId: deviceAt(persona, atMs),
        details: { limit: 'wire' },
      });
    }
    if (channel === 'BILL_PAY') {
      ledger.addEvent({
        atMs: atMs - random.int(5, 60) * 60_000,
        eventType: 'PAYEE_ADDED',
        party: { id: payee.id, name: payee.name },
        deviceId: deviceAt(persona, atMs),
      });
    }
    if (cents >= 1_000_000 && random.chance(0.25)) {
      // The customer breaks a CD to pay for it.
      const cdMs = atMs - random.int(1, 5) * DAY_MS;
      ledger.addEvent({
        atMs: cdMs,
        eventType: 'CD_EARLY_WITHDRAWAL',
        details: { reason: 'customer request' },
      });
      ledger.add({
        atMs: cdMs + 60_000,
        amountCents: Math.ceil(cents / 100_000) * 100_000 + random.int(0, 99_999),
        direction: 'CREDIT',
        channel: 'OTHER',
        description: 'CD CLOSEOUT PROCEEDS',
        initiatedBy: 'INSTITUTION',
      });
    }
    ledger.add({
      atMs: channel === 'CHECK' ? atMs + random.int(2, 7) * DAY_MS : atMs,
      amountCents: cents,
      direction: 'DEBIT',
      channel,
      counterparty: payee,
      mcc: purchase.mcc,
      description: channel === 'CHECK' ? `CHECK ${random.int(1200, 1900)}` : purchase.payee,
      country: channel === 'CARD' ? 'US' : undefined,
      deviceId: channel === 'BILL_PAY' ? deviceAt(persona, atMs) : undefined,
      initiatedBy: 'CUSTOMER',
    });
  }
}
