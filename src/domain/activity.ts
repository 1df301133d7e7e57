import type {
  Channel,
  CounterpartyRelationship,
  CounterpartyType,
  Direction,
  EventType,
  Initiator,
} from './values/enums.js';

/** Money moving in or out of a customer's accounts (api.md §5.2), amounts in integer minor units. */
export interface Transaction {
  id: string;
  profileId: string;
  externalId: string;
  occurredAtMs: number;
  amountMinor: number;
  direction: Direction;
  channel: Channel;
  counterpartyId: string | null;
  counterpartyName: string | null;
  counterpartyType: CounterpartyType | null;
  counterpartyRelationship: CounterpartyRelationship | null;
  counterpartyCountry: string | null;
  merchantCategoryCode: string | null;
  description: string | null;
  country: string | null;
  deviceId: string | null;
  initiatedBy: Initiator | null;
  balanceAfterMinor: number | null;
  metadata: Record<string, unknown> | null;
  createdAtMs: number;
}

/** A change around the account (api.md §5.3). */
export interface AccountEvent {
  id: string;
  profileId: string;
  externalId: string;
  occurredAtMs: number;
  eventType: EventType;
  partyId: string | null;
  partyName: string | null;
  deviceId: string | null;
  country: string | null;
  details: Record<string, unknown> | null;
  createdAtMs: number;
}

const RECURRING_CHANNELS: ReadonlySet<Channel> = new Set(['ACH', 'BILL_PAY']);

/**
 * Whether the customer personally made this debit: said so by the feed, or, when the feed is silent,
 * any channel but the scheduled ones (ACH, BILL_PAY), which run without the customer acting.
 */
export function isCustomerInitiated(t: Pick<Transaction, 'initiatedBy' | 'channel'>): boolean {
  if (t.initiatedBy !== null) return t.initiatedBy === 'CUSTOMER';
  return !RECURRING_CHANNELS.has(t.channel);
}

/** A stable key for "the same counterparty": its ID, else its name, else undefined. */
export function counterpartyKey(
  t: Pick<Transaction, 'counterpartyId' | 'counterpartyName'>,
): string | undefined {
  if (t.counterpartyId !== null) return t.counterpartyId;
  if (t.counterpartyName !== null) return `name:${t.counterpartyName.trim().toLowerCase()}`;
  return undefined;
}

/**
 * The order activity is scored and read in: time, then ID. IDs compare by code unit, as SQLite and
 * PostgreSQL's C collation order them, not by locale.
 */
export function compareTimeThenId(aMs: number, aId: string, bMs: number, bId: string): number {
  return aMs - bMs || (aId < bId ? -1 : aId > bId ? 1 : 0);
}

export const byTimeThenId = (
  a: { occurredAtMs: number; id: string },
  b: { occurredAtMs: number; id: string },
): number => compareTimeThenId(a.occurredAtMs, a.id, b.occurredAtMs, b.id);
