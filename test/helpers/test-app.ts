import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config, type Dialect } from '../../src/config.js';
import type { Environment } from '../../src/domain/values/enums.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import type { Clock } from '../../src/lib/clock.js';
import { createTenantsService } from '../../src/resources/tenants/tenants.service.js';
import { createDb, type Db } from '../../src/store/create-db.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import { TEST_POSTGRES_URL } from './dialects.js';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  dialect: Dialect;
}

export interface TestAppOptions {
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** The app's job queue, made over its database (default: the configured one). */
  jobs?: (db: Db) => JobQueue;
  /** Another test app's database (a second server process on the same data); its owner removes it. */
  databaseUrl?: string;
}

/**
 * A real app on a real database: a fresh SQLite file in a temp folder, or the shared PostgreSQL
 * test database (tests stay apart by creating their own tenants). The caller closes it.
 */
export async function buildTestApp(
  dialect: Dialect,
  options: TestAppOptions = {},
): Promise<TestApp & { databaseUrl: string; close(): Promise<void> }> {
  let databaseUrl = TEST_POSTGRES_URL;
  let dir: string | undefined;
  if (options.databaseUrl !== undefined) databaseUrl = options.databaseUrl;
  else if (dialect === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'vigil-test-'));
    databaseUrl = `file:${join(dir, 'vigil.db')}`;
  }
  const config: Config = loadConfig({
    DATABASE_URL: databaseUrl,
    AUTH_FAILURES_PER_MINUTE: '100000',
    // Every injected request comes from 127.0.0.1; throttling tests set their own limits.
    LOGIN_ATTEMPTS_PER_ADDRESS: '100000',
    ...options.env,
  });
  const db = createDb(databaseUrl, { poolSize: 4 });
  if (dialect === 'sqlite') await migrateToLatest(db.kysely);
  const app = await buildApp({ config, db, clock: options.clock, jobs: options.jobs?.(db), logger: false });
  return {
    app,
    db,
    dialect,
    databaseUrl,
    close: async () => {
      await app.close();
      await db.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Builds one test app for the enclosing describe block and closes it after; read `.app` inside tests. */
export function useTestApp(dialect: Dialect, options: TestAppOptions = {}): TestApp {
  let built: (TestApp & { close(): Promise<void> }) | undefined;
  beforeAll(async () => {
    built = await buildTestApp(dialect, options);
  });
  afterAll(async () => {
    await built?.close();
  });
  const need = () => {
    if (!built) throw new Error('useTestApp: the app is built in beforeAll');
    return built;
  };
  return {
    dialect,
    get app() {
      return need().app;
    },
    get db() {
      return need().db;
    },
  };
}

export interface TestTenant {
  tenantId: string;
  productionKey: string;
  sandboxKey: string;
}

export async function createTenant(testApp: TestApp, name = 'Test Bank'): Promise<TestTenant> {
  const created = await createTenantsService({
    db: testApp.db.kysely,
    clock: { nowMs: () => Date.now() },
  }).create(name);
  return {
    tenantId: created.tenant_id,
    productionKey: created.production_key,
    sandboxKey: created.sandbox_key,
  };
}

export interface CallOptions {
  method?: InjectOptions['method'];
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Which key of the tenant to use; the URL decides the base path. */
  environment?: Environment;
  key?: string;
}

/** An authenticated request as the tenant's production key (or the key given). */
export function call(
  app: FastifyInstance,
  tenant: TestTenant,
  options: CallOptions,
): Promise<LightMyRequestResponse> {
  const environment = options.environment ?? (options.url.startsWith('/sandbox/') ? 'sandbox' : 'production');
  const key = options.key ?? (environment === 'sandbox' ? tenant.sandboxKey : tenant.productionKey);
  const headers: Record<string, string> = {
    authorization: `Bearer ${key}`,
    'x-tenant-id': tenant.tenantId,
    ...options.headers,
  };
  return app.inject({
    method: options.method ?? 'GET',
    url: options.url,
    headers,
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}

let customerSequence = 0;

/** A valid profile body with a customer_id unique to this test run. */
export function profileBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  customerSequence += 1;
  return {
    customer_id: `CUST-${process.pid}-${customerSequence}-${Date.now()}`,
    customer_name: 'Margaret Hill',
    date_of_birth: '1941-03-09',
    enrollment_reason: 'AGE_THRESHOLD',
    ...overrides,
  };
}
