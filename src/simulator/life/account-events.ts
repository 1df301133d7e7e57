import type { Ledger } from '../ledger.js';
import { activeUntil, deviceAt, localTime, type Persona } from '../persona.js';
import type { Random } from '../random.js';
import type { EventType } from '../wire.js';
import { DAY_MS, HOUR_MS, startOfDay } from '../time.js';
import { isAway } from './circumstances.js';
import { lifeEventLedger } from './life-event.js';

// Changes customers make for ordinary reasons: yearly chance and the details a core system records.
const OCCASIONAL: readonly [EventType, number, Record<string, string>][] = [
  ['ADDRESS_CHANGE', 0.05, { reason: 'moved' }],
  ['PHONE_CHANGE', 0.04, { field: 'mobile' }],
  ['EMAIL_CHANGE', 0.03, { field: 'email' }],
  ['PASSWORD_RESET', 0.08, { method: 'sms code' }],
  ['TRUSTED_CONTACT_CHANGE', 0.03, { action: 'updated' }],
  ['BENEFICIARY_CHANGE', 0.03, { action: 'updated' }],
  ['STAFF_CONCERN', 0.012, { note: 'customer seemed confused at the counter' }],
  ['DIRECT_DEPOSIT_CHANGE', 0.006, { source: 'pension' }],
];

/** Logins from the usual device, a new phone now and then, and the occasional ordinary change. */
export function addAccountEvents(random: Random, persona: Persona, ledger: Ledger): void {
  const lastMs = activeUntil(persona);
  const years = (persona.toMs - persona.fromMs) / (365 * DAY_MS);
  if (persona.isOnline && !persona.isDormant) {
    const perDay = random.lognormal(5, 0.6) / 30;
    const eveningHour = random.int(17, 21);
    for (let day = startOfDay(persona.fromMs); day < lastMs; day += DAY_MS) {
      if (!random.chance(perDay)) continue;
      const atMs = localTime(
        persona,
        day,
        random.chance(0.5) ? random.int(7, 11) : eveningHour,
        random.int(0, 59),
      );
      if (atMs >= lastMs) continue;
      const country = isAway(persona, atMs) ? (persona.travel?.country ?? 'US') : 'US';
      ledger.addEvent({ atMs, eventType: 'LOGIN', deviceId: deviceAt(persona, atMs), country });
    }
    for (const device of persona.devices.slice(1)) {
      if (device.fromMs >= lastMs) continue;
      const atMs = localTime(persona, startOfDay(device.fromMs), random.int(9, 19), random.int(0, 59));
      const phone = lifeEventLedger(persona, ledger, 'NEW_PHONE', atMs);
      if (random.chance(0.4))
        phone.addEvent({
          atMs: atMs - 20 * 60_000,
          eventType: 'PASSWORD_RESET',
          deviceId: device.id,
          details: { method: 'sms code' },
        });
      phone.addEvent({
        atMs,
        eventType: 'NEW_DEVICE_LOGIN',
        deviceId: device.id,
        country: 'US',
        details: { reason: 'new phone' },
      });
    }
  }
  const poa = persona.poa;
  if (poa !== undefined && poa.source === 'life' && poa.addedMs < lastMs) {
    const party = { id: poa.agent.counterparty.id, name: poa.agent.name };
    ledger.addEvent({
      atMs: poa.addedMs,
      eventType: 'POA_ADDED',
      party,
      details: { relationship: poa.agent.role },
    });
    ledger.addEvent({
      atMs: poa.addedMs + random.int(1, 5) * DAY_MS,
      eventType: 'NEW_DEVICE_LOGIN',
      deviceId: poa.agentDeviceId,
      party,
      country: 'US',
    });
  }
  if (poa !== undefined && poa.source !== 'scenario') {
    for (
      let day = startOfDay(Math.max(poa.addedMs, persona.fromMs)) + 6 * DAY_MS;
      day < lastMs;
      day += random.int(7, 20) * DAY_MS
    ) {
      ledger.addEvent({
        atMs: localTime(persona, day, 20, random.int(0, 59)),
        eventType: 'LOGIN',
        deviceId: poa.agentDeviceId,
        country: 'US',
      });
    }
  }
  for (const [eventType, yearly, details] of OCCASIONAL) {
    if (persona.isDormant || !random.chance(yearly * years)) continue;
    const atMs = localTime(
      persona,
      startOfDay(random.uniform(persona.fromMs, lastMs)),
      random.int(9, 17),
      random.int(0, 59),
    );
    const online = persona.isOnline && eventType !== 'STAFF_CONCERN' && random.chance(0.6);
    ledger.addEvent({
      atMs,
      eventType,
      deviceId: online ? deviceAt(persona, atMs) : undefined,
      details: { ...details, channel: online ? 'online' : 'branch' },
    });
    if (eventType === 'ADDRESS_CHANGE' && random.chance(0.5)) {
      ledger.addEvent({
        atMs: atMs + random.int(1, 72) * HOUR_MS,
        eventType: 'TRUSTED_CONTACT_CHANGE',
        details: { action: 'updated', channel: 'branch' },
      });
    }
  }
}
