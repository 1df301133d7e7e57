import type { Counterparty, Ledger } from '../ledger.js';
import { business } from '../merchants.js';
import { activeUntil, deviceAt, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { businessDayOnOrAfter, DAY_MS, dayInMonth, monthOf, monthStarts } from '../time.js';

interface Bill {
  payee: Counterparty;
  dayOfMonth: number;
  everyMonths: number;
  phase: number;
  isAutopay: boolean;
  amountCents(month: number): number;
}

type Shape = 'fixed' | 'summer-winter' | 'winter' | 'variable';

// name choices | share of customers | median dollars | cadence months | shape
const CATALOGUE: readonly [string, number, number, number, Shape][] = [
  ['RIVERSIDE ELECTRIC CO;CONSOLIDATED POWER;VALLEY ELECTRIC COOP', 0.95, 105, 1, 'summer-winter'],
  ['NORTHERN GAS SERVICE;METRO GAS COMPANY', 0.6, 55, 1, 'winter'],
  ['CITY WATER & SEWER;COUNTY WATER AUTHORITY', 0.8, 70, 2, 'variable'],
  ['SUMMIT CABLE & INTERNET;LAKEVIEW TELEPHONE CO', 0.9, 115, 1, 'fixed'],
  ['MOBILE ONE WIRELESS;PRAIRIE CELLULAR', 0.6, 55, 1, 'fixed'],
  ['BLUESTONE MUTUAL MEDIGAP;SENIOR HEALTH PLAN PREMIUM', 0.7, 190, 1, 'fixed'],
  ['PRAIRIE AUTO INSURANCE;KEYSTONE AUTO INS', 0.55, 560, 6, 'fixed'],
  ['FIRST CARD SERVICES PAYMENT;CAPITAL CARD PAYMENT', 0.45, 250, 1, 'variable'],
  ['ST MARY PARISH;FIRST BAPTIST CHURCH;AMERICAN RED CROSS;SALVATION ARMY', 0.35, 60, 1, 'fixed'],
  ['IRS USATAXPYMT', 0.12, 1200, 3, 'fixed'],
  ['LONG TERM CARE INSURANCE CO', 0.1, 240, 1, 'fixed'],
];

// One way of housing each: owned outright, mortgaged (tax and insurance in escrow), rented, senior living.
const HOUSING: readonly [(typeof CATALOGUE)[number][], number][] = [
  [
    [
      ['COUNTY TREASURER PROPERTY TAX', 1, 2000, 6, 'fixed'],
      ['KEYSTONE HOMEOWNERS INS;HEARTLAND HOME INSURANCE', 1, 1500, 12, 'fixed'],
    ],
    50,
  ],
  [[['HOMETOWN MORTGAGE SERVICING', 1, 1100, 1, 'fixed']], 15],
  [[['OAKWOOD APARTMENTS;MAPLE COURT APARTMENTS;RIVERVIEW TERRACE', 1, 950, 1, 'fixed']], 28],
  [[['EVERGREEN SENIOR LIVING;SUNRISE ASSISTED LIVING', 1, 2900, 1, 'fixed']], 5],
];

function seasonal(shape: Shape, medianCents: number, random: Random): (month: number) => number {
  return (month) => {
    const m = monthOf(month);
    const factor =
      shape === 'summer-winter'
        ? 1 + 0.28 * Math.cos((2 * Math.PI * (m - 1)) / 6)
        : shape === 'winter'
          ? Math.max(0.25, 1 + 0.85 * Math.cos((2 * Math.PI * (m - 1)) / 12))
          : shape === 'variable'
            ? random.lognormal(1, 0.35)
            : 1;
    const noise = shape === 'fixed' ? 1 : random.uniform(0.9, 1.1);
    return Math.max(500, Math.round(medianCents * factor * noise));
  };
}

function drawBills(random: Random, affluence: number): Bill[] {
  const bills: Bill[] = [];
  for (const [names, share, median, everyMonths, shape] of [...CATALOGUE, ...random.weighted(HOUSING)]) {
    if (!random.chance(share)) continue;
    const medianCents = Math.round(random.lognormal(median * affluence, 0.3) * 100);
    bills.push({
      payee: business(random.pick(names.split(';'))),
      dayOfMonth: names.startsWith('IRS') ? 15 : random.int(1, 28),
      everyMonths,
      phase: random.int(0, everyMonths - 1),
      isAutopay: random.chance(0.55),
      amountCents: seasonal(shape, medianCents, random),
    });
  }
  return bills;
}

/** Utilities, insurance, housing, card payments and donations on the customer's usual days. */
export function addBills(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const bills = drawBills(random, persona.affluence);
  const months = monthStarts(persona.fromMs - 31 * DAY_MS, persona.toMs);
  months.forEach((month, monthIndex) => {
    for (const bill of bills) {
      if (monthIndex % bill.everyMonths !== bill.phase) continue;
      const dueMs = dayInMonth(month, bill.dayOfMonth);
      const amountCents = bill.amountCents(month);
      if (bill.isAutopay) {
        const atMs = localTime(persona, businessDayOnOrAfter(dueMs), random.int(1, 5), random.int(0, 59));
        ledger.add({
          atMs,
          amountCents,
          direction: 'DEBIT',
          channel: 'ACH',
          counterparty: bill.payee,
          initiatedBy: 'CUSTOMER',
        });
        continue;
      }
      const paidMs = localTime(
        persona,
        dueMs - random.int(0, 6) * DAY_MS,
        random.int(8, 20),
        random.int(0, 59),
      );
      if (paidMs >= activeUntil(persona)) continue;
      const poa = persona.poa !== undefined && paidMs >= persona.poa.addedMs ? persona.poa : undefined;
      if (poa !== undefined || persona.isOnline) {
        ledger.add({
          atMs: paidMs,
          amountCents,
          direction: 'DEBIT',
          channel: 'BILL_PAY',
          counterparty: bill.payee,
          deviceId: poa?.agentDeviceId ?? deviceAt(persona, paidMs),
          initiatedBy: poa === undefined ? 'CUSTOMER' : 'FIDUCIARY',
        });
      } else {
        // A mailed check clears a few days after it is written.
        const atMs = paidMs + random.int(3, 8) * DAY_MS;
        const checkNumber = String(1000 + monthIndex * 6 + random.int(0, 5));
        ledger.add({
          atMs,
          amountCents,
          direction: 'DEBIT',
          channel: 'CHECK',
          counterparty: bill.payee,
          description: `CHECK ${checkNumber}`,
          initiatedBy: 'CUSTOMER',
        });
      }
    }
  });
}
