import { byTimeThenId, counterpartyKey, type AccountEvent, type Transaction } from '../activity.js';
import type { Evidence, SignalState } from '../detection/signal.js';
import { classifyEfe, type EfeTypology } from './classification.js';

export interface CaseItem {
  kind: 'transaction' | 'event';
  id: string;
  occurredAtMs: number;
  /** The rules that fired with this item in their evidence. */
  evidence: Evidence[];
}

export interface SuspectedCounterparty {
  key: string;
  counterpartyId: string | null;
  name: string | null;
  type: string | null;
  relationship: string | null;
  country: string | null;
  debitsMinor: number;
  creditsMinor: number;
  transactionCount: number;
  /** Account events naming this party (party_id matched against counterparty_id, api.md §5.3). */
  eventTypes: string[];
  firstMs: number;
  lastMs: number;
}

export interface CaseTotals {
  debitsMinor: number;
  creditsMinor: number;
  transactionCount: number;
  eventCount: number;
}

export interface CaseFacts {
  efe: EfeTypology;
  items: CaseItem[];
  counterparties: SuspectedCounterparty[];
  involved: CaseTotals;
  /** Evidence activity at or after the moment Vigil first raised the signal (created_at). */
  afterFirstSignal: CaseTotals;
  firstActivityMs: number | null;
  lastActivityMs: number | null;
}

function totals(transactions: readonly Transaction[], events: readonly AccountEvent[]): CaseTotals {
  let debitsMinor = 0;
  let creditsMinor = 0;
  for (const t of transactions) {
    if (t.direction === 'DEBIT') debitsMinor += t.amountMinor;
    else creditsMinor += t.amountMinor;
  }
  return { debitsMinor, creditsMinor, transactionCount: transactions.length, eventCount: events.length };
}

function counterpartiesOf(transactions: readonly Transaction[], events: readonly AccountEvent[]) {
  const byKey = new Map<string, SuspectedCounterparty>();
  for (const t of transactions) {
    const key = counterpartyKey(t);
    if (key === undefined) continue;
    const c = byKey.get(key) ?? {
      key,
      counterpartyId: t.counterpartyId,
      name: t.counterpartyName,
      type: t.counterpartyType,
      relationship: t.counterpartyRelationship,
      country: t.counterpartyCountry,
      debitsMinor: 0,
      creditsMinor: 0,
      transactionCount: 0,
      eventTypes: [],
      firstMs: t.occurredAtMs,
      lastMs: t.occurredAtMs,
    };
    if (t.direction === 'DEBIT') c.debitsMinor += t.amountMinor;
    else c.creditsMinor += t.amountMinor;
    c.transactionCount += 1;
    c.name ??= t.counterpartyName;
    c.firstMs = Math.min(c.firstMs, t.occurredAtMs);
    c.lastMs = Math.max(c.lastMs, t.occurredAtMs);
    byKey.set(key, c);
  }
  for (const e of events) {
    if (e.partyId === null && e.partyName === null) continue;
    const key = e.partyId ?? `name:${(e.partyName ?? '').trim().toLowerCase()}`;
    const c = byKey.get(key) ?? {
      key,
      counterpartyId: e.partyId,
      name: e.partyName,
      type: null,
      relationship: null,
      country: null,
      debitsMinor: 0,
      creditsMinor: 0,
      transactionCount: 0,
      eventTypes: [],
      firstMs: e.occurredAtMs,
      lastMs: e.occurredAtMs,
    };
    if (!c.eventTypes.includes(e.eventType)) c.eventTypes.push(e.eventType);
    c.firstMs = Math.min(c.firstMs, e.occurredAtMs);
    c.lastMs = Math.max(c.lastMs, e.occurredAtMs);
    byKey.set(key, c);
  }
  // Most money out first: the likeliest beneficiary leads the list.
  return [...byKey.values()].sort((a, b) => b.debitsMinor - a.debitsMinor || a.firstMs - b.firstMs);
}

/**
 * What a case file states about a signal (issue 10 case export): its typology in FinCEN terms, each
 * transaction and event with the rules that fired on it, the counterparties, and the totals.
 * `transactions` and `events` are the signal's evidence items, as stored.
 */
export function buildCaseFacts(
  signal: SignalState & { createdAtMs: number },
  transactions: readonly Transaction[],
  events: readonly AccountEvent[],
): CaseFacts {
  const items: CaseItem[] = [
    ...transactions.map((t) => ({ kind: 'transaction' as const, id: t.id, occurredAtMs: t.occurredAtMs })),
    ...events.map((e) => ({ kind: 'event' as const, id: e.id, occurredAtMs: e.occurredAtMs })),
  ]
    .sort(byTimeThenId)
    .map((item) => ({
      ...item,
      evidence: signal.evidence.filter(
        (e) => e.itemId === item.id || e.transactionIds.includes(item.id) || e.eventIds.includes(item.id),
      ),
    }));
  const after = <T extends { occurredAtMs: number }>(list: readonly T[]) =>
    list.filter((x) => x.occurredAtMs >= signal.createdAtMs);
  return {
    efe: classifyEfe(signal.category),
    items,
    counterparties: counterpartiesOf(transactions, events),
    involved: totals(transactions, events),
    afterFirstSignal: totals(after(transactions), after(events)),
    firstActivityMs: items[0]?.occurredAtMs ?? null,
    lastActivityMs: items[items.length - 1]?.occurredAtMs ?? null,
  };
}
