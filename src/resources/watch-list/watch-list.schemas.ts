import { Type, type Static } from 'typebox';
import { IdParams, ListQuery, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { WatchListEntry } from './watch-list.store.js';

export const WatchListParams = IdParams('entry_id');

export const ListWatchListQuery = Type.Object({ ...ListQuery }, { additionalProperties: false });
export type ListWatchListQuery = Static<typeof ListWatchListQuery>;

export const WatchListEntryResponse = Type.Object(
  {
    id: Uuid,
    counterparty_id: Type.String({ description: 'The counterparty a CONFIRMED signal paid' }),
    listed_at: Timestamp,
    first_confirmed_at: Timestamp,
    first_signal_id: Uuid,
    first_profile_id: Uuid,
    profile_count: Type.Integer({
      minimum: 1,
      description: 'Profiles with a CONFIRMED signal that paid this counterparty',
    }),
  },
  {
    title: 'WatchListEntry',
    description:
      "A counterparty confirmed as part of exploitation; with settings.watch_list_enabled, payments to it from the environment's other profiles are scored with raised risk",
  },
);
export const WatchListPage = Page(WatchListEntryResponse, 'WatchListPage');

export function toWatchListEntryJson(e: WatchListEntry) {
  return {
    id: e.id,
    counterparty_id: e.counterpartyId,
    listed_at: isoTimestamp(e.listedAtMs),
    first_confirmed_at: isoTimestamp(e.firstConfirmedAtMs),
    first_signal_id: e.firstSignalId,
    first_profile_id: e.firstProfileId,
    profile_count: e.profileCount,
  };
}
