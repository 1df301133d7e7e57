import { resolve } from 'node:path';

export type Dialect = 'sqlite' | 'postgres';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly databaseUrl: string;
  readonly dialect: Dialect;
  /** Requests per minute per API key (api.md §6), unless the key overrides it. */
  readonly rateLimitPerMinute: { readonly production: number; readonly sandbox: number };
  /** Failed authentications per minute allowed from one client address. */
  readonly authFailuresPerMinute: number;
  readonly bodyLimitBytes: number;
  /** When set, GET /metrics requires `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined;
  readonly logLevel: string;
  /** When set, webhook signing secrets are encrypted at rest with a key derived from it. */
  readonly webhookSecretKey: string | undefined;
  /** NODE_ENV=production: secrets must be encrypted at rest (webhooks/secret-key.ts). */
  readonly production: boolean;
  /** Batch runs: profiles per chunk job, and how long a job may run before another worker retries it. */
  readonly batchChunkProfiles: number;
  readonly jobTimeoutSeconds: number;
  /** Transactions and events real-time scoring keeps in memory per process (0 turns the cache off). */
  readonly historyCacheItems: number;
  /** The PostgreSQL schema of the job queue (pg-boss). */
  readonly jobsSchema: string;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: lets webhooks reach loopback and private addresses (on-premises receivers). */
  readonly webhookAllowPrivateNetworks: boolean;
  /** Retention of finished webhook attempts and their events, and how often the sweep runs (jobs/retention.ts). */
  readonly retention: { readonly webhookDeliveryRetentionDays: number; readonly sweepMinutes: number };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number, got "${raw}"`);
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  throw new Error(`${name} must be true or false, got "${raw}"`);
}

function identifier(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] === undefined || env[name] === '' ? fallback : env[name];
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(value))
    throw new Error(`${name} must be a lower-case SQL name, got "${value}"`);
  return value;
}

/** Reads the environment once at boot into a frozen Config; a bad value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL ?? `file:${resolve('data/vigil.db')}`;
  const dialect: Dialect = /^postgres(ql)?:\/\//.test(databaseUrl) ? 'postgres' : 'sqlite';
  return Object.freeze({
    host: env.HOST ?? '127.0.0.1',
    port: positiveInt(env, 'PORT', 8080),
    databaseUrl,
    dialect,
    rateLimitPerMinute: Object.freeze({
      production: positiveInt(env, 'RATE_LIMIT_PRODUCTION_PER_MINUTE', 6000),
      sandbox: positiveInt(env, 'RATE_LIMIT_SANDBOX_PER_MINUTE', 600),
    }),
    authFailuresPerMinute: positiveInt(env, 'AUTH_FAILURES_PER_MINUTE', 60),
    bodyLimitBytes: positiveInt(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024),
    metricsToken: env.METRICS_TOKEN === '' ? undefined : env.METRICS_TOKEN,
    logLevel: env.LOG_LEVEL ?? 'info',
    webhookSecretKey: env.WEBHOOK_SECRET_KEY === '' ? undefined : env.WEBHOOK_SECRET_KEY,
    production: env.NODE_ENV === 'production',
    batchChunkProfiles: positiveInt(env, 'BATCH_CHUNK_PROFILES', 100),
    jobTimeoutSeconds: positiveInt(env, 'JOB_TIMEOUT_SECONDS', 300),
    historyCacheItems: wholeNumber(env, 'HISTORY_CACHE_ITEMS', 500_000),
    jobsSchema: identifier(env, 'JOBS_SCHEMA', 'pgboss'),
    webhookAllowPrivateNetworks: flag(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    retention: Object.freeze({
      webhookDeliveryRetentionDays: positiveInt(env, 'WEBHOOK_DELIVERY_RETENTION_DAYS', 7),
      sweepMinutes: positiveInt(env, 'RETENTION_SWEEP_MINUTES', 60),
    }),
  });
}

/** The SQLite file path of a `file:` URL or a bare path. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
}
