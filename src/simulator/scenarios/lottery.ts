import { alias } from '../names.js';
import { deviceAt } from '../persona.js';
import type { Channel } from '../wire.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const FEES = [
  'processing fee',
  'tax on winnings',
  'prize release fee',
  'insurance fee',
  'customs clearance',
  'sweepstakes fee',
];

/** "You have won": one fee after another to release the prize, sometimes with a fake check deposited first. */
export const lottery: Scenario = {
  typology: 'lottery',
  category: 'SCAM_LOTTERY_SWEEPSTAKES',
  inject(context) {
    const { random, persona } = context;
    const country = random.weighted([
      ['JM', 40],
      ['US', 40],
      ['CR', 10],
      ['CA', 10],
    ]);
    const agent = stranger(alias(random), country);
    const secondAgent = stranger(alias(random), country);
    if (random.chance(0.25)) {
      // The "first installment" is a counterfeit check that is returned unpaid days later.
      const cents = roundish(random.uniform(2000, 5000));
      context.add({
        atMs: context.at(0, 11),
        amountCents: cents,
        direction: 'CREDIT',
        channel: 'CHECK',
        counterparty: stranger('MEGA PRIZE CLEARING HOUSE', 'US', 'BUSINESS'),
        description: 'MOBILE DEPOSIT',
      });
      context.add({
        atMs: context.at(random.int(5, 9), 6),
        amountCents: cents,
        direction: 'DEBIT',
        channel: 'OTHER',
        description: 'RETURNED DEPOSIT ITEM',
        initiatedBy: 'INSTITUTION',
      });
    }
    const channels: [Channel, number][] = [
      ['WIRE', country === 'US' ? 1 : 4],
      ['CHECK', 2],
      ['GIFT_CARD', 1],
      ['P2P', persona.isOnline ? 3 : 0],
      ['ACH', 1],
    ];
    let day = random.int(0, 3);
    for (let fees = random.int(3, 14), i = 0; i < fees; i++) {
      const channel = random.weighted(channels);
      const atMs = context.at(day, random.int(10, 17));
      context.add({
        atMs,
        amountCents:
          channel === 'GIFT_CARD'
            ? random.pick([20_000, 50_000])
            : roundish(random.lognormal(700 + i * 120, 0.6)),
        direction: 'DEBIT',
        channel,
        counterparty:
          channel === 'GIFT_CARD'
            ? stranger('WALMART GIFT CARDS', 'US', 'BUSINESS')
            : random.chance(0.8)
              ? agent
              : secondAgent,
        description: random.chance(0.55) ? random.pick(FEES) : undefined,
        deviceId: channel === 'P2P' ? deviceAt(persona, atMs) : undefined,
        initiatedBy: 'CUSTOMER',
      });
      day += random.int(2, 16);
    }
  },
};
