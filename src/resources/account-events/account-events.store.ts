import type { AccountEvent } from '../../domain/activity.js';
import type { EventType } from '../../domain/values/enums.js';
import type { Db } from '../../store/create-db.js';
import { parseJson } from '../../store/transaction.js';
import { createActivityStore, type TimeRangeFilters } from '../../ingest/activity.store.js';
import type { AccountEventRow } from './account-events.table.js';

export interface AccountEventFilters extends TimeRangeFilters {
  eventType?: EventType;
}

const COLUMNS = [
  'id',
  'tenant_id',
  'environment',
  'profile_id',
  'external_id',
  'occurred_at',
  'event_type',
  'party_id',
  'party_name',
  'device_id',
  'country',
  'details',
  'created_at',
] as const satisfies readonly (keyof AccountEventRow)[];

export function toAccountEvent(row: AccountEventRow): AccountEvent {
  return {
    id: row.id,
    profileId: row.profile_id,
    externalId: row.external_id,
    occurredAtMs: row.occurred_at,
    eventType: row.event_type as EventType,
    partyId: row.party_id,
    partyName: row.party_name,
    deviceId: row.device_id,
    country: row.country,
    details: parseJson<Record<string, unknown>>(row.details),
    createdAtMs: row.created_at,
  };
}

/** Account events: the shared activity store (listed by event type). */
export function createAccountEventsStore(db: Db) {
  return createActivityStore<AccountEventRow, AccountEvent, AccountEventFilters>(db, {
    table: 'account_events',
    columns: COLUMNS,
    toItem: toAccountEvent,
    equalities: (filters) => (filters.eventType === undefined ? [] : [['event_type', filters.eventType]]),
  });
}
export type AccountEventsStore = ReturnType<typeof createAccountEventsStore>;
