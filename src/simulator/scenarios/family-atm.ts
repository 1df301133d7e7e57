import { store } from '../merchants.js';
import { newRelative, type Relative } from '../persona.js';
import type { Random } from '../random.js';
import type { Scenario } from './scenario.js';

const PLACES = [
  'ATM WITHDRAWAL 7-ELEVEN',
  'ATM WITHDRAWAL GAS MART',
  'ATM WITHDRAWAL CASINO',
  'ATM WITHDRAWAL MAIN ST',
  'ATM WITHDRAWAL LIQUOR DEPOT',
];

function amountCents(random: Random, style: 'limit' | 'steady'): number {
  if (style === 'steady') return random.pick([100, 140, 200, 200, 240, 300]) * 100;
  return random.pick([400, 460, 480, 500, 500, 500]) * 100;
}

/** A relative who has the customer's card and PIN takes cash most days, often up to the daily limit. */
export const familyAtm: Scenario = {
  typology: 'family_atm',
  category: 'THEFT_FAMILY',
  prepare(random, persona) {
    if (persona.family.length === 0) persona.family.push(newRelative(random, persona));
  },
  inject(context) {
    const { random, persona } = context;
    const thief = random.pick<Relative>(persona.family);
    const isAuthorized = random.chance(0.3);
    if (isAuthorized) {
      context.addEvent({
        atMs: context.at(0, 11),
        eventType: 'AUTHORIZED_USER_ADDED',
        party: { id: thief.counterparty.id, name: thief.name },
      });
    }
    const style = random.chance(0.6) ? 'limit' : 'steady';
    const share = style === 'limit' ? random.uniform(0.3, 0.8) : random.uniform(0.25, 0.5);
    const days = random.int(20, 100);
    for (let day = isAuthorized ? 1 : 0; day < days; day++) {
      if (!random.chance(share)) continue;
      context.add({
        atMs: context.at(day, random.chance(0.6) ? random.int(20, 23) : random.int(7, 19)),
        amountCents: amountCents(random, style),
        direction: 'DEBIT',
        channel: 'ATM',
        description: random.pick(PLACES),
        country: 'US',
        initiatedBy: isAuthorized ? 'AUTHORIZED_USER' : 'CUSTOMER',
      });
      if (random.chance(0.05)) {
        const shop = store(
          { name: random.pick(['GAMESTOP', 'BEST BUY', 'SMOKE SHOP']), mcc: '5732' },
          random.int(100, 999),
        );
        context.add({
          atMs: context.at(day, 16),
          amountCents: random.int(6000, 90000),
          direction: 'DEBIT',
          channel: 'CARD',
          counterparty: shop,
          mcc: '5732',
          description: shop.name,
          country: 'US',
          initiatedBy: isAuthorized ? 'AUTHORIZED_USER' : 'CUSTOMER',
        });
      }
    }
  },
};
