import type { TenantContext } from '../../api/context.js';
import type { Transaction } from '../../domain/activity.js';
import { METADATA_MAX_BYTES } from '../../domain/profiles/validity.js';
import { toMinorUnits } from '../../domain/values/money.js';
import { newId } from '../../lib/ids.js';
import { invalidItem } from '../../ingest/ingest.js';
import { createIngestService, type IngestDeps } from '../../ingest/ingest.service.js';
import type { Profile } from '../profiles/profile.js';
import type { TransactionInput } from './transactions.schemas.js';
import { toTransaction, type TransactionFilters } from './transactions.store.js';
import type { TransactionRow } from './transactions.table.js';
import { isBeforeBirth, readTimestamp } from '../../domain/values/dates.js';

// Bank clocks drift; a transaction dated more than a day ahead is a feed error, not a future payment.
export const FUTURE_TOLERANCE_MS = 86_400_000;

function toRow(
  ctx: TenantContext,
  profile: Profile,
  input: TransactionInput,
  path: string,
  nowMs: number,
): TransactionRow {
  const amountMinor = toMinorUnits(input.amount);
  if (amountMinor === undefined || amountMinor <= 0)
    throw invalidItem(path, 'amount', 'must be a positive number with at most 2 decimals');
  if (input.currency !== undefined && input.currency !== profile.currency) {
    throw invalidItem(path, 'currency', `must match the profile currency (${profile.currency})`);
  }
  const occurredAtMs = readTimestamp(input.occurred_at);
  if (occurredAtMs > nowMs + FUTURE_TOLERANCE_MS)
    throw invalidItem(path, 'occurred_at', 'must not be in the future');
  if (isBeforeBirth(occurredAtMs, profile.dateOfBirth))
    throw invalidItem(path, 'occurred_at', "must not be before the customer's date of birth");
  const balanceAfterMinor = input.balance_after === undefined ? null : toMinorUnits(input.balance_after);
  if (balanceAfterMinor === undefined)
    throw invalidItem(path, 'balance_after', 'must be a number with at most 2 decimals');
  const metadata = input.metadata === undefined ? null : JSON.stringify(input.metadata);
  if (metadata !== null && Buffer.byteLength(metadata) > METADATA_MAX_BYTES)
    throw invalidItem(path, 'metadata', 'must be at most 8 KiB');
  return {
    id: newId(),
    tenant_id: ctx.tenantId,
    environment: ctx.environment,
    profile_id: profile.id,
    external_id: input.external_id,
    occurred_at: occurredAtMs,
    amount_minor: amountMinor,
    direction: input.direction,
    channel: input.channel,
    counterparty_id: input.counterparty_id ?? null,
    counterparty_name: input.counterparty_name ?? null,
    counterparty_type: input.counterparty_type ?? null,
    counterparty_relationship: input.counterparty_relationship ?? null,
    counterparty_country: input.counterparty_country ?? null,
    merchant_category_code: input.merchant_category_code ?? null,
    description: input.description ?? null,
    country: input.country ?? null,
    device_id: input.device_id ?? null,
    initiated_by: input.initiated_by ?? null,
    balance_after_minor: balanceAfterMinor,
    metadata,
    created_at: nowMs,
    evaluation: null,
  };
}

/** Transactions (api.md §5.2): the shared ingest path with a transaction's own validation. */
export function createTransactionsService(deps: IngestDeps<TransactionRow, Transaction, TransactionFilters>) {
  return createIngestService<TransactionInput, TransactionRow, Transaction, TransactionFilters>(
    {
      collection: 'transactions',
      notFound: 'transaction not found',
      toRow,
      toItem: toTransaction,
      asActivity: (transactions) => ({ transactions, events: [] }),
    },
    deps,
  );
}
export type TransactionsService = ReturnType<typeof createTransactionsService>;
