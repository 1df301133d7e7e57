import type { Ledger } from '../ledger.js';
import type { Persona } from '../persona.js';
import type { Random } from '../random.js';
import { addAccountEvents } from './account-events.js';
import { addBills } from './bills.js';
import { addCash } from './cash.js';
import { addGifts } from './gifts.js';
import { addCaregiverPay, addHelpers, addPoaReimbursements } from './household.js';
import { addIncome } from './income.js';
import { addLifeEvents } from './life-events.js';
import { addLargePurchases } from './purchases.js';
import { addSpending } from './spending.js';
import { addTravel } from './travel.js';

const GENERATORS = {
  income: addIncome,
  bills: addBills,
  spending: addSpending,
  cash: addCash,
  gifts: addGifts,
  purchases: addLargePurchases,
  travel: addTravel,
  caregiver: addCaregiverPay,
  poa: addPoaReimbursements,
  helpers: addHelpers,
  events: addAccountEvents,
  'life-events': addLifeEvents,
} as const;

/** The customer's ordinary financial life over the period; each part draws from its own stream. */
export function addEverydayLife(random: Random, persona: Persona, ledger: Ledger): void {
  for (const [name, generate] of Object.entries(GENERATORS)) generate(random.fork(name), persona, ledger);
}
