import { store } from '../merchants.js';
import { deviceAt } from '../persona.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const SELLERS = [
  { name: 'TARGET', mcc: '5310', card: 'TARGET GIFT CARD' },
  { name: 'WALMART', mcc: '5310', card: 'WALMART GIFT CARD' },
  { name: 'CVS/PHARMACY', mcc: '5912', card: 'APPLE GIFT CARD' },
  { name: 'BEST BUY', mcc: '5732', card: 'GOOGLE PLAY GIFT CARD' },
  { name: 'WALGREENS', mcc: '5912', card: 'STEAM GIFT CARD' },
] as const;
const COMPANIES = [
  'PC SHIELD SUPPORT',
  'GEEKFIX ONLINE SVCS',
  'SECURENET TECH HELP',
  'MICRO SYSTEMS HELPDESK',
];

/** A pop-up "virus" call: a support fee, a fake refund from savings, then gift cards to "return the overpayment". */
export const techSupport: Scenario = {
  typology: 'tech_support',
  category: 'SCAM_TECH_SUPPORT',
  inject(context) {
    const { random, persona } = context;
    const device = persona.isOnline ? deviceAt(persona, context.startMs) : undefined;
    const company = stranger(random.pick(COMPANIES), 'US', 'BUSINESS');
    if (random.chance(0.7)) {
      context.add({
        atMs: context.at(0, random.int(9, 16)),
        amountCents: random.pick([19_999, 29_999, 39_900, 49_999]),
        direction: 'DEBIT',
        channel: 'CARD',
        counterparty: company,
        mcc: '7372',
        description: random.chance(0.5) ? 'TECH SUPPORT 3YR PLAN' : company.name,
        country: 'US',
        initiatedBy: 'CUSTOMER',
      });
    }
    const waves = random.chance(0.35) ? 2 : 1;
    let day = random.int(1, 5);
    for (let wave = 0; wave < waves; wave++) {
      const refund = roundish(random.lognormal(6000, 0.6));
      if (device !== undefined && random.chance(0.7)) {
        // On remote access the scammer moves the customer's own savings into checking and calls it a mistaken refund.
        context.add({
          atMs: context.at(day, random.int(10, 15)),
          amountCents: refund,
          direction: 'CREDIT',
          channel: 'ONLINE_TRANSFER',
          counterparty: persona.savings,
          description: 'Transfer from savings',
          deviceId: device,
          initiatedBy: 'CUSTOMER',
        });
      }
      for (let cards = random.int(2, 8), d = day; cards > 0; cards--) {
        const seller = random.pick(SELLERS);
        const at = store({ name: seller.name, mcc: seller.mcc }, random.int(100, 3999));
        context.add({
          atMs: context.at(d, random.int(10, 18)),
          amountCents: random.pick([10_000, 20_000, 25_000, 30_000, 50_000]) * random.int(1, 2),
          direction: 'DEBIT',
          channel: 'GIFT_CARD',
          counterparty: at,
          mcc: seller.mcc,
          description: random.chance(0.8) ? seller.card : 'GIFT CARD',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
        if (random.chance(0.35)) d += 1;
      }
      if (random.chance(0.4)) {
        const abroad = stranger(
          random.pick(['Sunrise Trading Co', 'Metro Import Export', 'AK Solutions Ltd']),
          random.pick(['TH', 'IN', 'HK', 'VN']),
          'BUSINESS',
        );
        context.add({
          atMs: context.at(day + random.int(1, 3), random.int(10, 15)),
          amountCents: roundish(random.uniform(0.5, 1) * (refund / 100)),
          direction: 'DEBIT',
          channel: 'WIRE',
          counterparty: abroad,
          description: random.chance(0.5) ? 'refund return' : undefined,
          initiatedBy: 'CUSTOMER',
        });
      }
      day += random.int(12, 35);
    }
  },
};
