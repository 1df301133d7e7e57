import { deviceId } from '../names.js';
import { newRelative, type PowerOfAttorney } from '../persona.js';
import { roundish, type Scenario } from './scenario.js';

const MEMOS = ['reimbursement', 'expenses', 'transfer', 'home repairs', 'mom care costs', undefined];

/** A newly appointed POA agent pays the bills, and pays themself more and more out of the account. */
export const poaDrain: Scenario = {
  typology: 'poa_drain',
  category: 'THEFT_FIDUCIARY',
  prepare(random, persona, startMs) {
    const relative =
      persona.family.find((r) => r.role === 'son' || r.role === 'daughter' || r.role === 'nephew') ??
      newRelative(random, persona);
    persona.poa = {
      agent: { ...relative, counterparty: { ...relative.counterparty, relationship: 'FIDUCIARY' } },
      agentDeviceId: deviceId(random),
      addedMs: startMs,
      source: 'scenario',
    };
  },
  inject(context) {
    const { random, persona } = context;
    const poa = persona.poa as PowerOfAttorney;
    const party = { id: poa.agent.counterparty.id, name: poa.agent.name };
    context.addEvent({
      atMs: context.startMs,
      eventType: 'POA_ADDED',
      party,
      details: { relationship: poa.agent.role },
    });
    context.addEvent({
      atMs: context.at(random.int(1, 4), 20),
      eventType: 'NEW_DEVICE_LOGIN',
      party,
      deviceId: poa.agentDeviceId,
      country: 'US',
    });
    if (random.chance(0.4))
      context.addEvent({
        atMs: context.at(random.int(3, 20), 12),
        eventType: 'ADDRESS_CHANGE',
        party,
        details: { reason: 'statements to agent' },
      });
    if (random.chance(0.2))
      context.addEvent({
        atMs: context.at(random.int(10, 60), 12),
        eventType: 'BENEFICIARY_CHANGE',
        party,
        details: { action: 'updated' },
      });
    const pace = random.uniform(0.6, 1.6);
    let dollars = random.lognormal(350, 0.5);
    for (let day = random.int(5, 15); ; day += Math.max(2, Math.round(random.int(4, 16) / pace))) {
      const atMs = context.at(day, random.int(18, 23));
      if (atMs >= persona.toMs) break;
      const isCheck = random.chance(0.2);
      context.add({
        atMs: isCheck ? atMs + 3 * 86_400_000 : atMs,
        amountCents: roundish(dollars),
        direction: 'DEBIT',
        channel: isCheck ? 'CHECK' : 'ONLINE_TRANSFER',
        counterparty: poa.agent.counterparty,
        description: random.pick(MEMOS),
        deviceId: isCheck ? undefined : poa.agentDeviceId,
        initiatedBy: 'FIDUCIARY',
      });
      if (random.chance(0.06)) {
        context.addEvent({
          atMs: atMs - 86_400_000,
          eventType: 'CD_EARLY_WITHDRAWAL',
          party,
          details: { reason: 'agent request' },
        });
        context.add({
          atMs: atMs - 86_000_000,
          amountCents: roundish(dollars * 6),
          direction: 'CREDIT',
          channel: 'OTHER',
          description: 'CD CLOSEOUT PROCEEDS',
          initiatedBy: 'INSTITUTION',
        });
        context.add({
          atMs: atMs + 3_600_000,
          amountCents: roundish(dollars * 5),
          direction: 'DEBIT',
          channel: 'ONLINE_TRANSFER',
          counterparty: poa.agent.counterparty,
          deviceId: poa.agentDeviceId,
          initiatedBy: 'FIDUCIARY',
        });
      }
      dollars = Math.min(15_000, dollars * random.uniform(1, 1.35));
    }
  },
};
