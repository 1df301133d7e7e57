import type { TenantContext } from '../../api/context.js';
import type { AccountEvent } from '../../domain/activity.js';
import { newId } from '../../lib/ids.js';
import { invalidItem } from '../../ingest/ingest.js';
import { createIngestService, type IngestDeps } from '../../ingest/ingest.service.js';
import type { Profile } from '../profiles/profile.js';
import { FUTURE_TOLERANCE_MS } from '../transactions/transactions.service.js';
import type { AccountEventInput } from './account-events.schemas.js';
import { toAccountEvent, type AccountEventFilters } from './account-events.store.js';
import type { AccountEventRow } from './account-events.table.js';
import { isBeforeBirth, readTimestamp } from '../../domain/values/dates.js';

const DETAILS_MAX_BYTES = 8 * 1024;

function toRow(
  ctx: TenantContext,
  profile: Profile,
  input: AccountEventInput,
  path: string,
  nowMs: number,
): AccountEventRow {
  const occurredAtMs = readTimestamp(input.occurred_at);
  if (occurredAtMs > nowMs + FUTURE_TOLERANCE_MS)
    throw invalidItem(path, 'occurred_at', 'must not be in the future');
  if (isBeforeBirth(occurredAtMs, profile.dateOfBirth))
    throw invalidItem(path, 'occurred_at', "must not be before the customer's date of birth");
  const details = input.details === undefined ? null : JSON.stringify(input.details);
  if (details !== null && Buffer.byteLength(details) > DETAILS_MAX_BYTES)
    throw invalidItem(path, 'details', 'must be at most 8 KiB');
  return {
    id: newId(),
    tenant_id: ctx.tenantId,
    environment: ctx.environment,
    profile_id: profile.id,
    external_id: input.external_id,
    occurred_at: occurredAtMs,
    event_type: input.event_type,
    party_id: input.party_id ?? null,
    party_name: input.party_name ?? null,
    device_id: input.device_id ?? null,
    country: input.country ?? null,
    details,
    created_at: nowMs,
    evaluation: null,
  };
}

/** Account events (api.md §5.3): the same all-or-nothing, deduplicated, scored ingestion as transactions. */
export function createAccountEventsService(
  deps: IngestDeps<AccountEventRow, AccountEvent, AccountEventFilters>,
) {
  return createIngestService<AccountEventInput, AccountEventRow, AccountEvent, AccountEventFilters>(
    {
      collection: 'events',
      notFound: 'event not found',
      toRow,
      toItem: toAccountEvent,
      asActivity: (events) => ({ transactions: [], events }),
    },
    deps,
  );
}
export type AccountEventsService = ReturnType<typeof createAccountEventsService>;
