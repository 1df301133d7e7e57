import type { Counterparty, Ledger } from '../ledger.js';
import { business } from '../merchants.js';
import { localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import {
  businessDayOnOrAfter,
  businessDayOnOrBefore,
  DAY_MS,
  dayInMonth,
  monthOf,
  monthStarts,
  nthWeekday,
  startOfDay,
  yearOf,
} from '../time.js';

const PENSIONS = [
  'OPM CSA RETIREMENT',
  'DFAS CLEVELAND RET PAY',
  'STATE TEACHERS RETIREMENT SYS',
  'PENSION BENEFIT GUARANTY CORP',
  'UAW RETIREE PENSION PLAN',
  'MUNICIPAL EMPLOYEES RET SYS',
  'RAILROAD RETIREMENT BOARD',
];
const ANNUITIES = [
  'FIDELITY IRA DISTRIBUTION',
  'VANGUARD RMD',
  'SCHWAB IRA DIST',
  'LINCOLN NATL ANNUITY PMT',
];
const SSA = business('SSA TREAS 310 XXSOC SEC');
const COLA = 1.028;

// The SSA pays on the 3rd those who claimed before May 1997, everyone else on the 2nd, 3rd or
// 4th Wednesday by day of birth.
function socialSecurityDay(persona: Persona, isEarlyClaimer: boolean, monthStartMs: number): number {
  if (isEarlyClaimer) return businessDayOnOrBefore(dayInMonth(monthStartMs, 3));
  const birthDay = Number(persona.dateOfBirth.slice(8, 10));
  return nthWeekday(monthStartMs, 3, birthDay <= 10 ? 2 : birthDay <= 20 ? 3 : 4);
}

/** Social Security every month, a pension, IRA distribution or wages for some, and monthly interest. */
export function addIncome(random: Random, persona: Persona, ledger: Ledger): void {
  const credit = (atMs: number, amountCents: number, payer: Counterparty, description: string): void => {
    ledger.add({ atMs, amountCents, direction: 'CREDIT', channel: 'ACH', counterparty: payer, description });
  };
  const isEarlyClaimer = persona.ageAtEnd >= 91 || random.chance(0.08);
  const benefit = Math.min(4800, Math.max(650, random.lognormal(1950 * Math.sqrt(persona.affluence), 0.2)));
  const pension = random.chance(0.5) ? business(random.pick(PENSIONS)) : undefined;
  const pensionCents = Math.round(random.lognormal(1300 * persona.affluence, 0.5) * 100);
  const annuity = random.chance(0.15) ? business(random.pick(ANNUITIES)) : undefined;
  const annuityCents = random.int(20, 200) * 1000;
  const isQuarterly = random.chance(0.4);
  const wageCents = persona.ageAtEnd < 70 && random.chance(0.12) ? random.int(300, 1100) * 100 : 0;
  // Payers keep paying until the death is reported to them.
  const stopMs = persona.deathMs === undefined ? persona.toMs : persona.deathMs + random.int(20, 80) * DAY_MS;
  let paidAfterDeath = 0;
  for (const month of monthStarts(persona.fromMs, persona.toMs)) {
    if (month >= stopMs) break;
    const colaYears = yearOf(month) - yearOf(persona.fromMs);
    const ssCents = Math.floor(benefit * COLA ** colaYears) * 100;
    const ssMs = localTime(persona, socialSecurityDay(persona, isEarlyClaimer, month), -2, 0);
    credit(ssMs, ssCents, SSA, 'SOC SEC');
    if (persona.deathMs !== undefined && ssMs > persona.deathMs) paidAfterDeath += ssCents;
    if (pension !== undefined)
      credit(localTime(persona, businessDayOnOrAfter(month), -1, 30), pensionCents, pension, 'RET PAY');
    if (annuity !== undefined && (!isQuarterly || monthOf(month) % 3 === 1)) {
      credit(
        localTime(persona, businessDayOnOrBefore(dayInMonth(month, 15)), 3, 0),
        annuityCents,
        annuity,
        'DISTRIBUTION',
      );
    }
    if (wageCents > 0) {
      for (const day of [dayInMonth(month, 1), dayInMonth(month, 15)]) {
        const cents = Math.round(wageCents * random.uniform(0.8, 1.2));
        credit(
          localTime(persona, businessDayOnOrBefore(day), 1, 0),
          cents,
          business('ADP PAYROLL'),
          'PAYROLL',
        );
      }
    }
    ledger.add({
      atMs: localTime(persona, dayInMonth(month, 31), 18, 0),
      amountCents: random.int(5, 400),
      direction: 'CREDIT',
      channel: 'OTHER',
      description: 'INTEREST PAYMENT',
      initiatedBy: 'INSTITUTION',
    });
  }
  if (persona.deathMs !== undefined && paidAfterDeath > 0) {
    // Treasury reclaims the benefits paid after death once the death is reported.
    ledger.add({
      atMs: localTime(persona, startOfDay(stopMs + random.int(3, 20) * DAY_MS), 4, 0),
      amountCents: paidAfterDeath,
      direction: 'DEBIT',
      channel: 'ACH',
      counterparty: SSA,
      description: 'SSA TREAS 310 RECLAMATION',
      initiatedBy: 'INSTITUTION',
    });
  }
}
