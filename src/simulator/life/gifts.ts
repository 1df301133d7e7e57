import type { Counterparty, Ledger } from '../ledger.js';
import { counterpartyId, youngerFirstName } from '../names.js';
import { activeUntil, deviceAt, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, monthStarts, yearOf } from '../time.js';

const REMITTANCE_COUNTRIES = ['MX', 'PH', 'IN', 'GT', 'SV', 'DO', 'VN', 'PL', 'JM', 'NG'] as const;
const HELP = ['help with rent', 'car repair', 'tuition', 'loan', 'dental bill', 'moving costs', ''] as const;

interface Gift {
  atMs: number;
  cents: number;
  to: Counterparty;
  memo?: string;
}

function send(random: Random, persona: Persona, ledger: Ledger, gift: Gift): void {
  if (gift.atMs < persona.fromMs || gift.atMs >= activeUntil(persona)) return;
  const online = persona.isOnline && random.chance(0.7);
  ledger.add({
    // A check clears some days after it is handed over.
    atMs: online ? gift.atMs : gift.atMs + random.int(2, 9) * DAY_MS,
    amountCents: gift.cents,
    direction: 'DEBIT',
    channel: online ? (gift.cents >= 300_000 ? 'ONLINE_TRANSFER' : 'P2P') : 'CHECK',
    counterparty: gift.to,
    description: gift.memo,
    deviceId: online ? deviceAt(persona, gift.atMs) : undefined,
    initiatedBy: 'CUSTOMER',
  });
}

/** Birthday and holiday gifts to family, an occasional larger help, and remittances to family abroad. */
export function addGifts(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const generosity = Math.min(2.5, random.lognormal(persona.affluence, 0.4));
  const dollars = (base: number): number => Math.max(20, Math.round((base * generosity) / 5) * 5) * 100;
  const at = (ms: number): number => localTime(persona, ms, random.int(9, 19), random.int(0, 59));
  for (const month of monthStarts(persona.fromMs, persona.toMs)) {
    const year = yearOf(month);
    const monthNumber = new Date(month).getUTCMonth() + 1;
    for (const relative of persona.family) {
      if (relative.birthdayMonth === monthNumber && random.chance(0.65)) {
        const day = month + (relative.birthdayDay - 1 - random.int(0, 3)) * DAY_MS;
        send(random, persona, ledger, {
          atMs: at(day),
          cents: dollars(random.pick([25, 50, 100, 100, 200])),
          to: relative.counterparty,
          memo: random.chance(0.4) ? 'Happy birthday' : undefined,
        });
      }
      if (monthNumber === 12 && random.chance(0.8)) {
        const day = Date.UTC(year, 11, random.int(8, 22));
        const base = random.chance(0.1) ? random.pick([1000, 2000]) : random.pick([50, 100, 200, 300]);
        send(random, persona, ledger, {
          atMs: at(day),
          cents: dollars(base),
          to: relative.counterparty,
          memo: random.chance(0.5) ? 'Merry Christmas' : undefined,
        });
      }
    }
    const helped = persona.family[random.int(0, Math.max(0, persona.family.length - 1))];
    if (helped !== undefined && random.chance(0.007)) {
      const day = month + random.int(0, 27) * DAY_MS;
      send(random, persona, ledger, {
        atMs: at(day),
        cents: random.int(10, 80) * 10_000,
        to: helped.counterparty,
        memo: random.pick(HELP) || undefined,
      });
    }
  }
  addRemittances(random, persona, ledger);
}

function addRemittances(random: Random, persona: Persona, ledger: Ledger): void {
  if (!random.chance(0.04)) return;
  const country = random.pick(REMITTANCE_COUNTRIES);
  const name = `${youngerFirstName(random, random.chance(0.5) ? 'F' : 'M')} ${persona.lastName}`;
  const to: Counterparty = {
    id: counterpartyId('INDIVIDUAL', `${persona.customerId}/${name}/${country}`),
    name,
    type: 'INDIVIDUAL',
    relationship: 'FAMILY',
    country,
  };
  const cents = random.int(10, 60) * 1000;
  const day = random.int(1, 25);
  for (const month of monthStarts(persona.fromMs, activeUntil(persona))) {
    const atMs = localTime(
      persona,
      month + (day - 1 + random.int(0, 3)) * DAY_MS,
      random.int(10, 16),
      random.int(0, 59),
    );
    if (atMs >= activeUntil(persona)) continue;
    ledger.add({
      atMs,
      amountCents: Math.round((cents * random.uniform(0.8, 1.3)) / 100) * 100,
      direction: 'DEBIT',
      channel: 'WIRE',
      counterparty: to,
      description: 'FAMILY SUPPORT',
      initiatedBy: 'CUSTOMER',
    });
  }
}
