import { alias, deviceId } from '../names.js';
import type { EventType } from '../wire.js';
import { roundish, type Scenario, stranger } from './scenario.js';

const OPENERS: EventType[] = ['PHONE_CHANGE', 'EMAIL_CHANGE', 'PASSWORD_RESET'];

/** Someone takes over online banking: contact details or password changed, a new device, then transfers to new payees. */
export const accountTakeover: Scenario = {
  typology: 'account_takeover',
  category: 'ACCOUNT_TAKEOVER',
  inject(context) {
    const { random } = context;
    const attacker = deviceId(random);
    const country = random.chance(0.75) ? 'US' : random.pick(['NG', 'RO', 'RU', 'VN', 'BR']);
    const opener = random.pick(OPENERS);
    const openedAt = context.at(0, random.int(8, 22));
    context.addEvent({
      atMs: openedAt,
      eventType: opener,
      deviceId: opener === 'PASSWORD_RESET' ? attacker : undefined,
      details: { channel: opener === 'PHONE_CHANGE' ? 'call center' : 'online' },
    });
    if (random.chance(0.4)) {
      context.addEvent({
        atMs: openedAt + random.int(5, 90) * 60_000,
        eventType: random.pick(OPENERS.filter((t) => t !== opener)),
        deviceId: attacker,
        details: { channel: 'online' },
      });
    }
    // Most attackers move at once; some wait days so the change looks older.
    const loginAt = openedAt + (random.chance(0.75) ? random.int(10, 600) : random.int(2, 9) * 1440) * 60_000;
    context.addEvent({ atMs: loginAt, eventType: 'NEW_DEVICE_LOGIN', deviceId: attacker, country });
    if (random.chance(0.5))
      context.addEvent({
        atMs: loginAt + 300_000,
        eventType: 'LIMIT_INCREASE',
        deviceId: attacker,
        country,
        details: { limit: 'transfer' },
      });
    let atMs = loginAt + random.int(5, 60) * 60_000;
    for (
      let transfers = random.weighted([
        [1, 25],
        [2, 30],
        [3, 25],
        [5, 15],
        [8, 5],
      ]);
      transfers > 0;
      transfers--
    ) {
      const payee = stranger(alias(random), 'US');
      if (random.chance(0.7))
        context.addEvent({
          atMs,
          eventType: 'PAYEE_ADDED',
          party: { id: payee.id, name: payee.name },
          deviceId: attacker,
          country,
        });
      context.add({
        atMs: atMs + random.int(1, 10) * 60_000,
        amountCents: roundish(random.lognormal(2500, 0.7)),
        direction: 'DEBIT',
        channel: random.chance(0.5) ? 'ONLINE_TRANSFER' : 'P2P',
        counterparty: payee,
        deviceId: attacker,
        country,
        initiatedBy: 'CUSTOMER',
      });
      atMs += random.int(10, 36 * 60) * 60_000;
    }
  },
};
