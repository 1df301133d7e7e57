import type { IdempotencyKeysTable } from '../api/idempotency/idempotency.table.js';
import type { RateLimitBucketsTable } from '../api/rate-limit/rate-limit.table.js';
import type { AccountEventsTable } from '../resources/account-events/account-events.table.js';
import type { ApiKeysTable } from '../resources/api-keys/api-keys.table.js';
import type { AuditEventsTable } from '../resources/audit-events/audit-events.table.js';
import type { BacktestsTable } from '../resources/backtests/backtests.table.js';
import type { BatchRunChunksTable, BatchRunsTable } from '../resources/batch-runs/batch-runs.table.js';
import type { LocalJobsTable } from '../jobs/local.table.js';
import type { BaselinesTable } from '../resources/baselines/baselines.table.js';
import type { RulesTable } from '../resources/rules/rules.table.js';
import type { TenantSettingsTable } from '../resources/settings/settings.table.js';
import type {
  SignalEvidenceRetractionsTable,
  SignalEvidenceTable,
  SignalsTable,
} from '../resources/signals/signals.table.js';
import type { SignalNotesTable } from '../resources/signal-notes/signal-notes.table.js';
import type { SuppressionsTable } from '../resources/suppressions/suppressions.table.js';
import type {
  ConfirmedCounterpartiesTable,
  WatchListTable,
} from '../resources/watch-list/watch-list.table.js';
import type { ProfilesTable } from '../resources/profiles/profiles.table.js';
import type { TenantsTable } from '../resources/tenants/tenants.table.js';
import type { UserSessionsTable } from '../resources/sessions/sessions.table.js';
import type { UsersTable } from '../resources/users/users.table.js';
import type { TransactionsTable } from '../resources/transactions/transactions.table.js';
import type {
  WebhookDeliveriesTable,
  WebhookEndpointsTable,
  WebhookEventsTable,
} from '../resources/webhooks/webhooks.table.js';

/** Every table, assembled from each resource's *.table.ts. */
export interface Database {
  tenants: TenantsTable;
  api_keys: ApiKeysTable;
  profiles: ProfilesTable;
  audit_events: AuditEventsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limit_buckets: RateLimitBucketsTable;
  transactions: TransactionsTable;
  account_events: AccountEventsTable;
  baselines: BaselinesTable;
  rules: RulesTable;
  tenant_settings: TenantSettingsTable;
  signals: SignalsTable;
  signal_evidence: SignalEvidenceTable;
  signal_evidence_retractions: SignalEvidenceRetractionsTable;
  signal_notes: SignalNotesTable;
  suppressions: SuppressionsTable;
  confirmed_counterparties: ConfirmedCounterpartiesTable;
  watch_list: WatchListTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  batch_runs: BatchRunsTable;
  batch_run_chunks: BatchRunChunksTable;
  backtests: BacktestsTable;
  local_jobs: LocalJobsTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
}
