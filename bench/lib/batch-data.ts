/**
 * The data of B3 and B6: a simulated population streamed profile by profile into a database (never
 * all in memory). Profiles are created through the API of a running server (the app's own rules for
 * them); their transactions and account events are inserted directly with Kysely, 1000 rows a
 * statement, as the `?scoring=false` feed stores them (evaluation null: never scored), which is much
 * faster than the HTTP feed on PostgreSQL.
 */
import type { Kysely } from 'kysely';
import { systemClock } from '../../src/lib/clock.js';
import { newId } from '../../src/lib/ids.js';
import type { NewAccountEventRow } from '../../src/resources/account-events/account-events.table.js';
import { createTenantsService } from '../../src/resources/tenants/tenants.service.js';
import type { NewTransactionRow } from '../../src/resources/transactions/transactions.table.js';
import { DEFAULT_END_DATE, generateProfiles, type ProfileBundle } from '../../src/simulator/generate.js';
import { parseDay } from '../../src/simulator/time.js';
import type { WireEvent, WireTransaction } from '../../src/simulator/wire.js';
import type { Database } from '../../src/store/database.js';
import { chunk, createApi, forEachConcurrently } from './http.js';
import { DAY_MS } from './population.js';

export interface BatchDataOptions {
  profiles: number;
  months: number;
  seed: number;
  /** The batch run's window: the last `windowDays` of the simulated period; what precedes it is history. */
  windowDays: number;
}

/** What was loaded, and the window a batch run re-scores. */
export interface BatchData {
  tenantId: string;
  key: string;
  profiles: number;
  transactions: number;
  events: number;
  /** Transactions with fromMs <= occurred_at < toMs: what a batch run over the window re-scores. */
  windowTransactions: number;
  fromMs: number;
  toMs: number;
}

// Rows a statement: 22 columns × 1000 stays under both SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const ROWS_PER_INSERT = 1000;
// Profiles generated, created and inserted together: bounds the memory of the bench process.
const PROFILES_PER_GROUP = 250;

export async function createBenchTenant(db: Kysely<Database>): Promise<{ tenantId: string; key: string }> {
  const tenant = await createTenantsService({ db, clock: systemClock }).create('Bench Credit Union');
  return { tenantId: tenant.tenant_id, key: tenant.production_key };
}

function transactionRow(
  tenantId: string,
  profileId: string,
  t: WireTransaction,
  nowMs: number,
): NewTransactionRow {
  return {
    id: newId(),
    tenant_id: tenantId,
    environment: 'production',
    profile_id: profileId,
    external_id: t.external_id,
    occurred_at: Date.parse(t.occurred_at),
    amount_minor: Math.round(t.amount * 100),
    direction: t.direction,
    channel: t.channel,
    counterparty_id: t.counterparty_id ?? null,
    counterparty_name: t.counterparty_name ?? null,
    counterparty_type: t.counterparty_type ?? null,
    counterparty_relationship: t.counterparty_relationship ?? null,
    counterparty_country: t.counterparty_country ?? null,
    merchant_category_code: t.merchant_category_code ?? null,
    description: t.description ?? null,
    country: t.country ?? null,
    device_id: t.device_id ?? null,
    initiated_by: t.initiated_by ?? null,
    balance_after_minor: Math.round(t.balance_after * 100),
    metadata: null,
    created_at: nowMs,
    evaluation: null,
  };
}

function eventRow(tenantId: string, profileId: string, e: WireEvent, nowMs: number): NewAccountEventRow {
  return {
    id: newId(),
    tenant_id: tenantId,
    environment: 'production',
    profile_id: profileId,
    external_id: e.external_id,
    occurred_at: Date.parse(e.occurred_at),
    event_type: e.event_type,
    party_id: e.party_id ?? null,
    party_name: e.party_name ?? null,
    device_id: e.device_id ?? null,
    country: e.country ?? null,
    details: e.details === undefined ? null : JSON.stringify(e.details),
    created_at: nowMs,
    evaluation: null,
  };
}

/**
 * Loads a population into the database behind `serverUrl` (its tenant made beforehand with
 * createBenchTenant on `db`, the same database): profiles through `POST /v1/profiles`, then their
 * rows straight into the tables, a group of profiles at a time.
 */
export async function loadBatchData(
  db: Kysely<Database>,
  serverUrl: string,
  tenant: { tenantId: string; key: string },
  options: BatchDataOptions,
): Promise<BatchData> {
  const api = createApi(serverUrl, tenant.tenantId, tenant.key);
  const toMs = parseDay(DEFAULT_END_DATE);
  const fromMs = toMs - options.windowDays * DAY_MS;
  const data: BatchData = {
    ...tenant,
    profiles: 0,
    transactions: 0,
    events: 0,
    windowTransactions: 0,
    fromMs,
    toMs,
  };
  const insertGroup = async (group: ProfileBundle[]) => {
    const ids = new Map<string, string>();
    await forEachConcurrently(group, 8, async ({ profile }) => {
      const created = (await api.post('/v1/profiles', profile, [201])) as { id: string };
      ids.set(profile.customer_id, created.id);
    });
    const nowMs = Date.now();
    const idOf = (customerId: string) => ids.get(customerId) ?? '';
    const transactions = group.flatMap((b) =>
      b.transactions.map((t) => transactionRow(tenant.tenantId, idOf(t.customer_id), t, nowMs)),
    );
    const events = group.flatMap((b) =>
      b.events.map((e) => eventRow(tenant.tenantId, idOf(e.customer_id), e, nowMs)),
    );
    await db.transaction().execute(async (trx) => {
      for (const rows of chunk(transactions, ROWS_PER_INSERT))
        await trx.insertInto('transactions').values(rows).execute();
      for (const rows of chunk(events, ROWS_PER_INSERT))
        await trx.insertInto('account_events').values(rows).execute();
    });
    data.profiles += group.length;
    data.transactions += transactions.length;
    data.events += events.length;
    data.windowTransactions += transactions.filter((t) => t.occurred_at >= fromMs).length;
  };
  let group: ProfileBundle[] = [];
  for (const bundle of generateProfiles({
    profiles: options.profiles,
    months: options.months,
    seed: options.seed,
  })) {
    group.push(bundle);
    if (group.length < PROFILES_PER_GROUP) continue;
    await insertGroup(group);
    group = [];
  }
  if (group.length > 0) await insertGroup(group);
  return data;
}
