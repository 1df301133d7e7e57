import { alias } from '../names.js';
import { deviceAt } from '../persona.js';
import type { Channel } from '../wire.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const SENDERS = [
  'BRIGHT PATH LOGISTICS LLC',
  'NORTHSTAR SUPPLY CO',
  'A1 AUTO PARTS INC',
  'HOMETOWN REMODELING',
];
const NOTES = ['invoice', 'payment', 'gift', 'for Daniel', 'package fees', undefined];

/** The victim's account receives money from strangers and sends most of it on within hours, as told. */
export const moneyMule: Scenario = {
  typology: 'money_mule',
  category: 'MONEY_MULE_VICTIM',
  inject(context) {
    const { random, persona } = context;
    const destination = stranger(alias(random), random.pick(['NG', 'GH', 'TR', 'MY', 'US', 'US']));
    const exchange = stranger('BITCOIN DEPOT', 'US', 'BUSINESS');
    let day = 0;
    for (let cycles = random.int(2, 8); cycles > 0; cycles--) {
      const sender = random.chance(0.6)
        ? stranger(alias(random), 'US')
        : stranger(random.pick(SENDERS), 'US', 'BUSINESS');
      const inChannel = random.weighted<Channel>([
        ['P2P', 3],
        ['ACH', 3],
        ['WIRE', 2],
        ['CHECK', 1],
      ]);
      const receivedDollars = random.lognormal(2500, 0.6);
      const receivedAt = context.at(day, random.int(6, 16));
      context.add({
        atMs: receivedAt,
        amountCents: roundish(receivedDollars),
        direction: 'CREDIT',
        channel: inChannel,
        counterparty: sender,
        description: random.pick(NOTES),
      });
      // Usually within hours; some victims wait until the next day.
      const delay = random.chance(0.8) ? random.uniform(0.3, 6) : random.uniform(18, 40);
      const outAt = receivedAt + Math.round(delay * 3_600_000);
      const outChannel = random.weighted<Channel>([
        ['WIRE', destination.country === 'US' ? 0 : 4],
        ['CRYPTO', 2],
        ['P2P', persona.isOnline ? 3 : 0],
        ['TELLER', 1],
      ]);
      context.add({
        atMs: outAt,
        amountCents: roundish(receivedDollars * random.uniform(0.8, 0.97)),
        direction: 'DEBIT',
        channel: outChannel,
        counterparty: outChannel === 'CRYPTO' ? exchange : outChannel === 'TELLER' ? undefined : destination,
        mcc: outChannel === 'CRYPTO' ? '6051' : undefined,
        description: outChannel === 'TELLER' ? 'WITHDRAWAL AT BRANCH' : undefined,
        deviceId: outChannel === 'P2P' ? deviceAt(persona, outAt) : undefined,
        initiatedBy: 'CUSTOMER',
      });
      day += random.int(2, 12);
    }
  },
};
