import { alias } from '../names.js';
import { deviceAt } from '../persona.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const COUNTRIES = ['NG', 'GH', 'GB', 'MY', 'TR', 'AE', 'PH', 'CA', 'ZA', 'AU'] as const;
const STORIES = [
  'visa fees',
  'flight ticket',
  'customs fee',
  'hospital bill',
  'for you my love',
  'travel documents',
  'oil rig equipment',
];

/** A suitor met online asks for money again and again, for ever larger emergencies, mostly by wire abroad. */
export const romance: Scenario = {
  typology: 'romance',
  category: 'SCAM_ROMANCE',
  inject(context) {
    const { random, persona } = context;
    const suitor = stranger(alias(random), random.pick(COUNTRIES));
    // Some victims are told to pay a "friend" in the US, which looks like any domestic payment.
    const viaFriend = random.chance(0.3);
    const payee = viaFriend ? stranger(alias(random), 'US') : suitor;
    const online = persona.isOnline && viaFriend;
    if (online && random.chance(0.6)) {
      context.addEvent({
        atMs: context.at(0, 19),
        eventType: 'PAYEE_ADDED',
        party: { id: payee.id, name: payee.name },
        deviceId: deviceAt(persona, context.startMs),
      });
    }
    let dollars = random.lognormal(450, 0.5);
    const growth = random.uniform(1.15, 1.7);
    const payments = random.int(4, 12);
    let day = random.int(0, 4);
    for (let i = 0; i < payments; i++) {
      const channel = viaFriend ? (online ? 'P2P' : 'CHECK') : 'WIRE';
      const atMs = context.at(day, online ? random.int(18, 22) : random.int(10, 15));
      context.add({
        atMs,
        amountCents: roundish(dollars),
        direction: 'DEBIT',
        channel,
        counterparty: payee,
        description: random.chance(0.5) ? random.pick(STORIES) : undefined,
        deviceId: online ? deviceAt(persona, atMs) : undefined,
        initiatedBy: 'CUSTOMER',
      });
      if (i === 2 && random.chance(0.15)) {
        context.addEvent({
          atMs: atMs + 600_000,
          eventType: 'STAFF_CONCERN',
          details: { note: 'customer wiring money to a friend overseas she has never met' },
        });
      }
      // The story escalates, with the odd smaller "top-up" in between.
      dollars = Math.min(40_000, dollars * (random.chance(0.8) ? growth : random.uniform(0.5, 0.9)));
      day += Math.max(1, Math.round(random.uniform(3, 21) / (1 + i * 0.15)));
    }
  },
};
