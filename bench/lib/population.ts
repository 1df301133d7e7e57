import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountEvent, Transaction } from '../../src/domain/activity.js';
import { systemClock } from '../../src/lib/clock.js';
import { createTenantsService } from '../../src/resources/tenants/tenants.service.js';
import { DEFAULT_END_DATE, generateProfiles } from '../../src/simulator/generate.js';
import { addMonths, parseDay } from '../../src/simulator/time.js';
import type { WireEvent, WireProfile, WireTransaction } from '../../src/simulator/wire.js';
import { createDb } from '../../src/store/create-db.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import { chunk, createApi, forEachConcurrently, type Api } from './http.js';
import { startServer, type ServerHandle } from './server.js';

export const DAY_MS = 86_400_000;

export interface TimedTransaction {
  wire: WireTransaction;
  atMs: number;
}

/** A simulated population held in memory, transactions in the simulator's file order (customer, then time). */
export interface Population {
  profiles: WireProfile[];
  transactions: TimedTransaction[];
  events: WireEvent[];
  /** The simulated period: [startMs, endMs). */
  startMs: number;
  endMs: number;
}

export function simulate(options: { profiles: number; months: number; seed: number }): Population {
  const population: Population = {
    profiles: [],
    transactions: [],
    events: [],
    endMs: parseDay(DEFAULT_END_DATE),
    startMs: addMonths(parseDay(DEFAULT_END_DATE), -options.months),
  };
  for (const bundle of generateProfiles(options)) {
    population.profiles.push(bundle.profile);
    for (const wire of bundle.transactions)
      population.transactions.push({ wire, atMs: Date.parse(wire.occurred_at) });
    population.events.push(...bundle.events);
  }
  return population;
}

/** A simulator wire record as the engine's domain Transaction (what the store's toTransaction gives). */
export function toDomainTransaction(t: WireTransaction, id: string, profileId: string): Transaction {
  return {
    id,
    profileId,
    externalId: t.external_id,
    occurredAtMs: Date.parse(t.occurred_at),
    amountMinor: Math.round(t.amount * 100),
    direction: t.direction,
    channel: t.channel,
    counterpartyId: t.counterparty_id ?? null,
    counterpartyName: t.counterparty_name ?? null,
    counterpartyType: t.counterparty_type ?? null,
    counterpartyRelationship: t.counterparty_relationship ?? null,
    counterpartyCountry: t.counterparty_country ?? null,
    merchantCategoryCode: t.merchant_category_code ?? null,
    description: t.description ?? null,
    country: t.country ?? null,
    deviceId: t.device_id ?? null,
    initiatedBy: t.initiated_by ?? null,
    balanceAfterMinor: Math.round(t.balance_after * 100),
    metadata: null,
    createdAtMs: 0,
  };
}

export function toDomainEvent(e: WireEvent, id: string, profileId: string): AccountEvent {
  return {
    id,
    profileId,
    externalId: e.external_id,
    occurredAtMs: Date.parse(e.occurred_at),
    eventType: e.event_type,
    partyId: e.party_id ?? null,
    partyName: e.party_name ?? null,
    deviceId: e.device_id ?? null,
    country: e.country ?? null,
    details: null,
    createdAtMs: 0,
  };
}

/** A fresh SQLite file behind a real listening server, loaded with a population's profiles, events and history. */
export interface Fixture {
  population: Population;
  dbPath: string;
  server: ServerHandle;
  api: Api;
  tenantId: string;
  key: string;
  /** customer_id → profile ID. */
  profileIds: Map<string, string>;
  /** Transactions before this time were loaded as history (scoring=false). */
  historyEndMs: number;
  /** Transactions with fromMs <= occurred_at < toMs, in file order (customer, then time). */
  transactionsBetween(fromMs: number, toMs: number): TimedTransaction[];
  close(): Promise<void>;
}

export interface FixtureOptions {
  profiles: number;
  months: number;
  seed: number;
  historyDays: number;
  cpuProfDir?: string;
  /** A PostgreSQL database to load into instead of a fresh SQLite file (B1/B2 on PostgreSQL). */
  postgresUrl?: string;
  log: (message: string) => void;
}

/**
 * Simulates a population, creates a fresh SQLite file with one tenant (createTenantsService), starts
 * the app in its own process and loads the profiles, every account event and `historyDays` of
 * transactions through the HTTP feed routes with ?scoring=false, 1000 rows a request.
 */
export async function createFixture(options: FixtureOptions): Promise<Fixture> {
  const { log } = options;
  let started = performance.now();
  const population = simulate(options);
  log(
    `simulated ${population.profiles.length} profiles, ${population.transactions.length} transactions, ${population.events.length} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-'));
  const dbPath = join(dir, 'vigil.db');
  const databaseUrl = options.postgresUrl ?? `file:${dbPath}`;
  const db = createDb(databaseUrl);
  await migrateToLatest(db.kysely);
  const tenant = await createTenantsService({ db: db.kysely, clock: systemClock }).create(
    'Bench Credit Union',
  );
  await db.close();

  const server = await startServer({
    mode: 'app',
    env: {
      DATABASE_URL: databaseUrl,
      // Far above any benchmark's rate: the rate limit is checked on every request but never refuses.
      RATE_LIMIT_PRODUCTION_PER_MINUTE: '100000000',
      LOG_LEVEL: 'warn',
    },
    ...(options.cpuProfDir === undefined ? {} : { cpuProfDir: options.cpuProfDir }),
  });
  const api = createApi(server.url, tenant.tenant_id, tenant.production_key);

  started = performance.now();
  const profileIds = new Map<string, string>();
  await forEachConcurrently(population.profiles, 8, async (profile) => {
    const created = (await api.post('/v1/profiles', profile, [201])) as { id: string };
    profileIds.set(profile.customer_id, created.id);
  });
  for (const batch of chunk(population.events, 1000))
    await api.post('/v1/events?scoring=false', { events: batch }, [201]);
  const historyEndMs = population.startMs + options.historyDays * DAY_MS;
  const history = population.transactions.filter((t) => t.atMs < historyEndMs).map((t) => t.wire);
  await forEachConcurrently(chunk(history, 1000), 2, async (batch) => {
    await api.post('/v1/transactions?scoring=false', { transactions: batch }, [201]);
  });
  log(
    `loaded ${profileIds.size} profiles, ${population.events.length} events and ${history.length} history transactions (${options.historyDays} days, scoring=false) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  return {
    population,
    dbPath,
    server,
    api,
    tenantId: tenant.tenant_id,
    key: tenant.production_key,
    profileIds,
    historyEndMs,
    transactionsBetween: (fromMs, toMs) =>
      population.transactions.filter((t) => t.atMs >= fromMs && t.atMs < toMs),
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
