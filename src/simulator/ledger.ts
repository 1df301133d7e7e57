import { isoTime } from './time.js';
import type {
  Channel,
  CounterpartyType,
  Direction,
  EventType,
  Initiator,
  Relationship,
  WireEvent,
  WireTransaction,
} from './wire.js';

export interface Counterparty {
  id: string;
  name: string;
  type: CounterpartyType;
  relationship?: Relationship;
  country?: string;
}

/** A transaction before it has an external ID and a balance; amounts in integer cents. */
export interface TxDraft {
  atMs: number;
  amountCents: number;
  direction: Direction;
  channel: Channel;
  counterparty?: Counterparty;
  mcc?: string;
  description?: string;
  country?: string;
  deviceId?: string;
  initiatedBy?: Initiator;
  /** Set by finalizeLedger; stays '' for a draft outside the simulated period. */
  externalId: string;
}

export interface EventDraft {
  atMs: number;
  eventType: EventType;
  party?: { id: string; name: string };
  deviceId?: string;
  country?: string;
  details?: Record<string, string>;
  externalId: string;
}

/** Collects one profile's drafts in any order; finalizeLedger sorts them. */
export interface Ledger {
  readonly transactions: TxDraft[];
  readonly events: EventDraft[];
  add(draft: Omit<TxDraft, 'externalId'>): TxDraft;
  addEvent(draft: Omit<EventDraft, 'externalId'>): EventDraft;
}

export function createLedger(): Ledger {
  const transactions: TxDraft[] = [];
  const events: EventDraft[] = [];
  return {
    transactions,
    events,
    add: (draft) => {
      if (!Number.isInteger(draft.amountCents) || draft.amountCents <= 0) {
        throw new Error(`amount must be a positive number of cents, got ${draft.amountCents}`);
      }
      const tx: TxDraft = { ...draft, externalId: '' };
      transactions.push(tx);
      return tx;
    },
    addEvent: (draft) => {
      const event: EventDraft = { ...draft, externalId: '' };
      events.push(event);
      return event;
    },
  };
}

export interface FinalizeOptions {
  customerId: string;
  /** Digits that make this customer's external IDs unique, e.g. "000042". */
  idStem: string;
  openingBalanceCents: number;
  fromMs: number;
  toMs: number;
  /** The account the bank sweeps from when a debit would overdraw checking. */
  savings: Counterparty;
}

export function toMajor(cents: number): number {
  return cents / 100;
}

/**
 * Sorts the drafts by time, drops those outside [fromMs, toMs), assigns external IDs in time order
 * (so they reveal nothing about how a row was made), and keeps `balance_after` consistent, adding an
 * overdraft-protection sweep from savings where a debit would take checking below zero.
 */
export function finalizeLedger(
  ledger: Ledger,
  options: FinalizeOptions,
): { transactions: WireTransaction[]; events: WireEvent[] } {
  const inPeriod = (draft: { atMs: number }): boolean =>
    draft.atMs >= options.fromMs && draft.atMs < options.toMs;
  const drafts = ledger.transactions.filter(inPeriod).sort((a, b) => a.atMs - b.atMs);
  const transactions: WireTransaction[] = [];
  let balance = options.openingBalanceCents;
  const emit = (draft: TxDraft): void => {
    balance += draft.direction === 'CREDIT' ? draft.amountCents : -draft.amountCents;
    draft.externalId = `T${options.idStem}${String(transactions.length + 1).padStart(5, '0')}`;
    transactions.push(toWireTransaction(options.customerId, draft, balance));
  };
  for (const draft of drafts) {
    if (draft.direction === 'DEBIT' && draft.amountCents > balance) {
      const needed = draft.amountCents - balance;
      emit({
        atMs: draft.atMs,
        amountCents: Math.ceil((needed + 200_000) / 100_000) * 100_000,
        direction: 'CREDIT',
        channel: 'ONLINE_TRANSFER',
        counterparty: options.savings,
        description: 'Overdraft protection transfer from savings',
        initiatedBy: 'INSTITUTION',
        externalId: '',
      });
    }
    emit(draft);
  }
  const events = ledger.events
    .filter(inPeriod)
    .sort((a, b) => a.atMs - b.atMs)
    .map((draft, i) => {
      draft.externalId = `E${options.idStem}${String(i + 1).padStart(5, '0')}`;
      return toWireEvent(options.customerId, draft);
    });
  return { transactions, events };
}

// Optional wire fields are left out rather than sent as undefined.
function compact<T extends object>(record: T): T {
  const kept: Record<string, unknown> = {};
  for (const key in record) if (record[key] !== undefined) kept[key] = record[key];
  return kept as T;
}

function toWireTransaction(customerId: string, draft: TxDraft, balanceCents: number): WireTransaction {
  const counterparty = draft.counterparty;
  return compact({
    customer_id: customerId,
    external_id: draft.externalId,
    occurred_at: isoTime(draft.atMs),
    amount: toMajor(draft.amountCents),
    direction: draft.direction,
    channel: draft.channel,
    counterparty_id: counterparty?.id,
    counterparty_name: counterparty?.name,
    counterparty_type: counterparty?.type,
    counterparty_relationship: counterparty?.relationship,
    counterparty_country: counterparty?.country,
    merchant_category_code: draft.mcc,
    description: draft.description,
    country: draft.country,
    device_id: draft.deviceId,
    initiated_by: draft.initiatedBy,
    balance_after: toMajor(balanceCents),
  });
}

function toWireEvent(customerId: string, draft: EventDraft): WireEvent {
  return compact({
    customer_id: customerId,
    external_id: draft.externalId,
    occurred_at: isoTime(draft.atMs),
    event_type: draft.eventType,
    party_id: draft.party?.id,
    party_name: draft.party?.name,
    device_id: draft.deviceId,
    country: draft.country,
    details: draft.details,
  });
}
