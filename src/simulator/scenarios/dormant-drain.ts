import { alias, deviceId } from '../names.js';
import { roundish, type Scenario, stranger } from './scenario.js';

/** An account untouched for a long time (the owner in a care home, say) is found and emptied by someone close. */
export const dormantDrain: Scenario = {
  typology: 'dormant_drain',
  category: 'THEFT_FAMILY',
  prepare(random, persona) {
    persona.isDormant = true;
    persona.caregiver = undefined;
    persona.travel = undefined;
    persona.poa = undefined;
    persona.openingBalanceCents = Math.round(random.lognormal(28_000, 0.6) * 100);
  },
  inject(context) {
    const { random, persona } = context;
    const device = deviceId(random);
    const usesOnline = random.chance(0.5);
    if (usesOnline) {
      context.addEvent({
        atMs: context.at(0, 19),
        eventType: 'PASSWORD_RESET',
        deviceId: device,
        details: { method: 'sms code' },
      });
      context.addEvent({
        atMs: context.at(0, 20),
        eventType: 'NEW_DEVICE_LOGIN',
        deviceId: device,
        country: 'US',
      });
    }
    const taker = persona.family[0]?.counterparty ?? stranger(alias(random), 'US');
    const debits = random.int(3, 25);
    const span = random.int(10, 70);
    for (let i = 0; i < debits; i++) {
      const day = Math.floor((span * i) / debits) + (usesOnline ? 1 : 0);
      const kind = random.weighted([
        ['atm', 4],
        ['check', 2],
        ['online', usesOnline ? 4 : 0],
        ['card', 2],
      ]);
      const atMs = context.at(day, random.int(9, 22));
      if (kind === 'atm') {
        context.add({
          atMs,
          amountCents: random.pick([200, 300, 400, 500]) * 100,
          direction: 'DEBIT',
          channel: 'ATM',
          description: 'ATM WITHDRAWAL',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      } else if (kind === 'card') {
        const shop = stranger(
          random.pick(['BEST BUY #412', 'WALMART #2231', 'LOWES #877']),
          'US',
          'BUSINESS',
        );
        context.add({
          atMs,
          amountCents: random.int(4_000, 120_000),
          direction: 'DEBIT',
          channel: 'CARD',
          counterparty: shop,
          mcc: '5310',
          description: shop.name,
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      } else {
        context.add({
          atMs: kind === 'check' ? atMs + 2 * 86_400_000 : atMs,
          amountCents: roundish(random.lognormal(kind === 'check' ? 1500 : 2500, 0.6)),
          direction: 'DEBIT',
          channel: kind === 'check' ? 'CHECK' : 'ONLINE_TRANSFER',
          counterparty: taker,
          description: kind === 'check' ? `CHECK ${random.int(101, 160)}` : undefined,
          deviceId: kind === 'online' ? device : undefined,
          initiatedBy: random.chance(0.8) ? 'CUSTOMER' : 'UNKNOWN',
        });
      }
    }
  },
};
