import { business } from '../merchants.js';
import { deviceAt } from '../persona.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const PLATFORMS = [
  'GLOBALFX TRADING LTD',
  'APEX DIGITAL ASSETS',
  'BLUECHIP CRYPTO MARKETS',
  'QUANTUM YIELD CAPITAL',
];
const NOTES = [
  'trading account deposit',
  'investment',
  'account upgrade',
  'tax to withdraw profits',
  'margin top-up',
];

/** A "trading platform" met through a friendly stranger: a small crypto buy, a fake profit paid out, then ever larger deposits. */
export const investment: Scenario = {
  typology: 'investment',
  category: 'SCAM_INVESTMENT',
  inject(context) {
    const { random, persona } = context;
    const platform = stranger(
      random.pick(PLATFORMS),
      random.pick(['HK', 'SG', 'CY', 'GB', 'AE', 'LT']),
      'BUSINESS',
    );
    const exchange = business(random.pick(['COINBASE.COM', 'KRAKEN', 'CRYPTO.COM']));
    const device = persona.isOnline ? deviceAt(persona, context.startMs) : undefined;
    context.add({
      atMs: context.at(0, random.int(10, 20)),
      amountCents: roundish(random.uniform(300, 2000)),
      direction: 'DEBIT',
      channel: 'CRYPTO',
      counterparty: exchange,
      mcc: '6051',
      description: random.chance(0.5) ? 'crypto purchase' : undefined,
      deviceId: device,
      initiatedBy: 'CUSTOMER',
    });
    let day = random.int(4, 12);
    if (random.chance(0.4)) {
      // A small "withdrawal of profits" builds trust before the big deposits.
      context.add({
        atMs: context.at(day, 8),
        amountCents: random.int(50, 450) * 100 + random.int(0, 99),
        direction: 'CREDIT',
        channel: 'ACH',
        counterparty: platform,
        description: 'withdrawal',
      });
      day += random.int(1, 6);
    }
    let dollars = random.lognormal(6000, 0.6);
    for (let deposits = random.int(2, 6), i = 0; i < deposits; i++) {
      const isWire = random.chance(0.6);
      const atMs = context.at(day, random.int(10, 15));
      if (random.chance(0.2)) {
        context.addEvent({
          atMs: atMs - 86_400_000,
          eventType: 'CD_EARLY_WITHDRAWAL',
          details: { reason: 'customer request' },
        });
        context.add({
          atMs: atMs - 86_000_000,
          amountCents: roundish(dollars * 1.05),
          direction: 'CREDIT',
          channel: 'OTHER',
          description: 'CD CLOSEOUT PROCEEDS',
          initiatedBy: 'INSTITUTION',
        });
      }
      if (isWire && device !== undefined && random.chance(0.4)) {
        context.addEvent({
          atMs: atMs - 3_600_000,
          eventType: 'LIMIT_INCREASE',
          deviceId: device,
          details: { limit: 'wire' },
        });
      }
      context.add({
        atMs,
        amountCents: roundish(dollars),
        direction: 'DEBIT',
        channel: isWire ? 'WIRE' : 'CRYPTO',
        counterparty: isWire ? platform : exchange,
        mcc: isWire ? undefined : '6051',
        description: random.chance(0.5) ? random.pick(NOTES) : undefined,
        initiatedBy: 'CUSTOMER',
      });
      dollars = Math.min(120_000, dollars * random.uniform(1, 2.2));
      day += random.int(5, 20);
    }
  },
};
