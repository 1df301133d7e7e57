import type { Ledger } from '../ledger.js';
import { activeUntil, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import { DAY_MS, startOfDay } from '../time.js';
import { isAway } from './circumstances.js';

const ATM_AMOUNTS = [
  [40, 60, 100],
  [60, 80, 100, 120],
  [100, 200],
  [100, 140],
  [200],
  [80, 100, 140, 160],
] as const;
const TELLER_AMOUNTS = [
  [100, 200, 300],
  [200, 300, 400, 500],
  [500, 600],
  [300, 1000],
  [150, 250],
] as const;
const ATM_STREETS = [
  'MAIN ST',
  'OAK AVE',
  'BROADWAY',
  'ELM ST',
  'MARKET SQ',
  'RT 9 PLAZA',
  'CENTER ST',
] as const;

/** The customer's cash habit: ATM visits, teller withdrawals, or both, mostly in round amounts. */
export function addCash(random: Random, persona: Persona, ledger: Ledger): void {
  if (persona.isDormant) return;
  const usesAtm = random.chance(persona.ageAtEnd < 85 ? 0.7 : 0.4);
  const usesTeller = !usesAtm || random.chance(0.25);
  const atmPerDay = random.lognormal(1.8, 0.5) / 30;
  const tellerPerDay = random.lognormal(0.7, 0.5) / 30;
  const atmAmounts = random.pick(ATM_AMOUNTS);
  const tellerAmounts = random.pick(TELLER_AMOUNTS);
  const atmStreets = [random.pick(ATM_STREETS), random.pick(ATM_STREETS)];
  const branchHour = random.int(9, 15);
  const lastMs = activeUntil(persona);
  for (let day = startOfDay(persona.fromMs); day < lastMs; day += DAY_MS) {
    if (isAway(persona, day)) continue;
    if (usesAtm && random.chance(atmPerDay)) {
      const atMs = localTime(persona, day, random.int(8, 20), random.int(0, 59));
      const street = random.pick(atmStreets);
      if (atMs < lastMs) {
        ledger.add({
          atMs,
          amountCents: random.pick(atmAmounts) * 100,
          direction: 'DEBIT',
          channel: 'ATM',
          description: `ATM WITHDRAWAL ${street}`,
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      }
    }
    if (usesTeller && random.chance(tellerPerDay) && new Date(day).getUTCDay() % 6 !== 0) {
      const atMs = localTime(persona, day, branchHour + random.int(0, 2), random.int(0, 59));
      // Some withdraw an odd amount at the counter (the exact sum of a bill they pay in cash).
      const cents = random.chance(0.85)
        ? random.pick(tellerAmounts) * 100
        : random.int(50, 400) * 100 + random.int(0, 99);
      if (atMs < lastMs) {
        ledger.add({
          atMs,
          amountCents: cents,
          direction: 'DEBIT',
          channel: 'TELLER',
          description: 'WITHDRAWAL AT BRANCH',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      }
    }
  }
}
