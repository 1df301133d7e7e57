import { business } from '../merchants.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const EXCHANGES = ['COINBASE.COM', 'BITCOIN DEPOT', 'COINFLIP BTC', 'ATHENA BITCOIN', 'CASH APP BITCOIN'];
const COVER_STORIES = [
  'customer says it is for a new roof',
  'customer says she is buying a car',
  'customer would not say why',
];

/**
 * A caller posing as the SSA, IRS or FTC says the customer's money is at risk: cash comes out at the
 * counter and goes into a bitcoin kiosk or exchange, or straight to a "safe account".
 */
export const governmentImposter: Scenario = {
  typology: 'government_imposter',
  category: 'SCAM_GOVERNMENT_IMPOSTER',
  inject(context) {
    const { random } = context;
    const exchange = business(random.pick(EXCHANGES));
    const waves = random.int(1, 4);
    let day = 0;
    for (let wave = 0; wave < waves; wave++) {
      const cashDollars = random.lognormal(wave === 0 ? 4000 : 7000, 0.5);
      const withdrawnAt = context.at(day, random.int(9, 14));
      if (random.chance(0.75)) {
        context.add({
          atMs: withdrawnAt,
          amountCents: Math.max(50_000, Math.round(cashDollars / 100) * 10_000),
          direction: 'DEBIT',
          channel: 'TELLER',
          description: 'WITHDRAWAL AT BRANCH',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
        if (random.chance(0.25)) {
          context.addEvent({
            atMs: withdrawnAt + 900_000,
            eventType: 'STAFF_CONCERN',
            details: { note: random.pick(COVER_STORIES) },
          });
        }
      } else {
        // Told to avoid the teller, the customer empties the ATM on consecutive days instead.
        for (let d = 0; d < random.int(2, 5); d++) {
          context.add({
            atMs: context.at(day + d, random.int(8, 18)),
            amountCents: random.pick([400, 500, 500, 600]) * 100,
            direction: 'DEBIT',
            channel: 'ATM',
            description: 'ATM WITHDRAWAL',
            country: 'US',
            initiatedBy: 'CUSTOMER',
          });
        }
      }
      if (random.chance(0.6)) {
        const hours = random.uniform(1, 30);
        context.add({
          atMs: withdrawnAt + Math.round(hours * 3_600_000),
          amountCents: roundish(random.uniform(0.3, 0.9) * cashDollars),
          direction: 'DEBIT',
          channel: 'CRYPTO',
          counterparty: exchange,
          mcc: '6051',
          description: random.chance(0.5) ? 'BTC PURCHASE' : undefined,
          initiatedBy: 'CUSTOMER',
        });
      }
      if (random.chance(0.3)) {
        const safe = stranger(
          random.pick(['SECURE ASSET HOLDINGS', 'FEDERAL PROTECTION ACCT', 'US TREASURY CUSTODY SVC']),
          'US',
          'BUSINESS',
        );
        context.add({
          atMs: context.at(day + 1, random.int(10, 15)),
          amountCents: roundish(random.lognormal(9000, 0.6)),
          direction: 'DEBIT',
          channel: 'WIRE',
          counterparty: safe,
          description: random.chance(0.5) ? `case ${random.int(100000, 999999)} social security` : undefined,
          initiatedBy: 'CUSTOMER',
        });
      }
      day += random.int(3, 14);
    }
  },
};
