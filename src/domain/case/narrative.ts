import type { AccountEvent, Transaction } from '../activity.js';
import type { CaseFacts } from './case-facts.js';
import { EFE_KEY_TERM } from './classification.js';

export interface CaseVictim {
  name: string;
  customerId: string;
  age: number;
  currency: string;
  dateOfDeath: string | null;
}

/** A draft SAR narrative in the five questions FinCEN's guidance asks (who, what, when, where, how). */
export interface DraftNarrative {
  who: string;
  what: string;
  when: string;
  where: string;
  how: string;
  text: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function formatMoney(minor: number, currency: string): string {
  const [whole = '0', cents = '00'] = (Math.abs(minor) / 100).toFixed(2).split('.');
  return `${minor < 0 ? '-' : ''}${currency} ${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

const list = (values: readonly string[]) =>
  values.length <= 1
    ? (values[0] ?? '')
    : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;

/**
 * The draft narrative of a case export: plain sentences an investigator edits before filing. It
 * states only what the evidence shows, and names the key term of FIN-2022-A002.
 */
export function buildNarrative(
  facts: CaseFacts,
  victim: CaseVictim,
  activity: {
    transactions: readonly Transaction[];
    events: readonly AccountEvent[];
    signalCreatedAtMs: number;
  },
): DraftNarrative {
  const money = (minor: number) => formatMoney(minor, victim.currency);
  const parties = facts.counterparties.slice(0, 5).map((c) => {
    const label = c.name ?? c.counterpartyId ?? 'an unnamed party';
    return c.relationship && c.relationship !== 'UNKNOWN'
      ? `${label} (${c.relationship.toLowerCase()})`
      : label;
  });
  const deceased = victim.dateOfDeath === null ? '' : `, deceased on ${victim.dateOfDeath}`;
  const who =
    `The customer ${victim.name} (customer ID ${victim.customerId}, age ${victim.age}${deceased}). ` +
    (parties.length > 0
      ? `Suspected counterparties: ${list(parties)}.`
      : 'No counterparty is named in the evidence.');
  const what =
    `${facts.efe.typology} (${facts.efe.classification.toLowerCase()}): ${facts.involved.transactionCount} transaction(s) ` +
    `with ${money(facts.involved.debitsMinor)} debited and ${money(facts.involved.creditsMinor)} credited, ` +
    `and ${facts.involved.eventCount} account event(s); ${money(facts.afterFirstSignal.debitsMinor)} left the account after the first alert.`;
  const when =
    facts.firstActivityMs === null || facts.lastActivityMs === null
      ? `Vigil raised the signal on ${day(activity.signalCreatedAtMs)}.`
      : `From ${day(facts.firstActivityMs)} to ${day(facts.lastActivityMs)}; Vigil first raised the signal on ${day(activity.signalCreatedAtMs)}.`;
  const channels = [...new Set(activity.transactions.map((t) => t.channel))];
  const countries = [
    ...new Set(
      activity.transactions.flatMap((t) => [t.counterpartyCountry, t.country]).filter((c) => c !== null),
    ),
  ];
  const where =
    (channels.length > 0 ? `Through ${list(channels)}` : 'Through account changes only') +
    (countries.length > 0 ? `, involving ${list(countries)}.` : '.');
  const reasons = [
    ...new Set(facts.items.flatMap((i) => i.evidence.map((e) => `${e.ruleName}: ${e.reason}`))),
  ];
  const eventTypes = [...new Set(activity.events.map((e) => e.eventType))];
  const how =
    (eventTypes.length > 0 ? `Account changes: ${list(eventTypes)}. ` : '') +
    (reasons.length > 0 ? `Rules that fired: ${reasons.slice(0, 8).join('; ')}.` : 'No rule evidence.');
  const text = [
    `This report concerns suspected elder financial exploitation (${EFE_KEY_TERM}).`,
    `Who: ${who}`,
    `What: ${what}`,
    `When: ${when}`,
    `Where: ${where}`,
    `How: ${how}`,
  ].join('\n');
  return { who, what, when, where, how, text };
}
