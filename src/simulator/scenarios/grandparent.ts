import { alias } from '../names.js';
import { deviceAt } from '../persona.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const REASONS = ['bail', 'bail bond', 'lawyer fees', 'court fees', 'hospital', 'legal fees for grandson'];

/** A "grandchild" in jail or hospital needs money now: large cash for a courier, or a wire to a "lawyer". */
export const grandparent: Scenario = {
  typology: 'grandparent',
  category: 'SCAM_PERSON_IN_NEED',
  inject(context) {
    const { random, persona } = context;
    const lawyer = stranger(
      random.chance(0.5) ? `Attorney ${alias(random)}` : `Law Office of ${alias(random)}`,
      'US',
    );
    const demands = random.weighted([
      [1, 35],
      [2, 40],
      [3, 20],
      [4, 5],
    ]);
    let hours = random.int(1, 4);
    let dollars = random.lognormal(5000, 0.5);
    for (let i = 0; i < demands; i++) {
      const atMs = context.at(0, 9) + hours * 3_600_000;
      const style = random.weighted([
        ['cash', 50],
        ['wire', 30],
        ['p2p', persona.isOnline ? 20 : 0],
      ]);
      const reason = random.chance(0.6) ? random.pick(REASONS) : undefined;
      if (style === 'cash') {
        // The courier collects at the door; the bank only sees the withdrawal.
        context.add({
          atMs,
          amountCents: Math.max(100_000, Math.round(dollars / 500) * 50_000),
          direction: 'DEBIT',
          channel: 'TELLER',
          description: 'WITHDRAWAL AT BRANCH',
          country: 'US',
          initiatedBy: 'CUSTOMER',
        });
      } else {
        context.add({
          atMs,
          amountCents: roundish(dollars),
          direction: 'DEBIT',
          channel: style === 'wire' ? 'WIRE' : 'P2P',
          counterparty: lawyer,
          description: reason,
          deviceId: style === 'p2p' ? deviceAt(persona, atMs) : undefined,
          initiatedBy: 'CUSTOMER',
        });
      }
      // A second call follows: the other driver's medical bills, a higher bail.
      hours += random.int(18, 120);
      dollars *= random.uniform(0.8, 2);
    }
  },
};
