import type {
  Channel,
  CounterpartyRelationship,
  CounterpartyType,
  Direction,
  EnrollmentReason,
  EventType,
  Initiator,
} from '../domain/values/enums.js';

// The simulator emits the API's own enums (domain/values/enums.ts): one list each.
export { CHANNELS, EVENT_TYPES } from '../domain/values/enums.js';
export type { Channel, CounterpartyType, Direction, EventType, Initiator };
export type Relationship = CounterpartyRelationship;

/** A profile as a bank's feed sends it to `POST /profiles` (api.md §5.1). */
export interface WireProfile {
  customer_id: string;
  customer_name: string;
  date_of_birth: string;
  enrollment_reason: EnrollmentReason;
  enrollment_notes?: string;
  currency: 'USD';
  trusted_contact?: { name: string; relationship: string; phone: string };
  status?: 'DECEASED';
  date_of_death?: string;
}

/** A transaction as the feed sends it to `POST /transactions` (api.md §5.2). */
export interface WireTransaction {
  customer_id: string;
  external_id: string;
  occurred_at: string;
  amount: number;
  direction: Direction;
  channel: Channel;
  counterparty_id?: string;
  counterparty_name?: string;
  counterparty_type?: CounterpartyType;
  counterparty_relationship?: Relationship;
  counterparty_country?: string;
  merchant_category_code?: string;
  description?: string;
  country?: string;
  device_id?: string;
  initiated_by?: Initiator;
  balance_after: number;
}

/** An account event as the feed sends it to `POST /profiles/{id}/events` (api.md §5.3). */
export interface WireEvent {
  customer_id: string;
  external_id: string;
  occurred_at: string;
  event_type: EventType;
  party_id?: string;
  party_name?: string;
  device_id?: string;
  country?: string;
  details?: Record<string, string>;
}
