import { availableParallelism } from 'node:os';
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
  /** Worker threads that score batch-run profiles (default: the cores on PostgreSQL, 0 on SQLite; 0 scores on the main thread). */
  readonly batchScoringThreads: number;
  /** Transactions and events real-time scoring keeps in memory per process (0 turns the cache off). */
  readonly historyCacheItems: number;
  /** The PostgreSQL schema of the job queue (pg-boss). */
  readonly jobsSchema: string;
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Fastify's trustProxy): false
   * (the socket's address), true (every hop: only behind a proxy that overwrites the header), a
   * hop count, or a list of proxy addresses and CIDRs.
   */
  readonly trustProxy: boolean | number | readonly string[];
  /** A client must have sent its whole request (headers and body) within this many milliseconds. */
  readonly requestTimeoutMs: number;
  /** A connection with nothing sent or received for this many milliseconds is closed. */
  readonly connectionTimeoutMs: number;
  /** Browser sessions (README "Users, sessions and roles"). */
  readonly sessions: SessionConfig;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: lets webhooks reach loopback and private addresses (on-premises receivers). */
  readonly webhookAllowPrivateNetworks: boolean;
  /** Retention of finished webhook attempts and their events, and how often the sweep runs (jobs/retention.ts). */
  readonly retention: { readonly webhookDeliveryRetentionDays: number; readonly sweepMinutes: number };
  /** How long SIGTERM may take to drain requests and jobs before the process exits anyway. */
  readonly shutdownTimeoutMs: number;
  /** Load shedding (503 + Retry-After) thresholds; 0 turns a check off. */
  readonly overload: {
    readonly maxEventLoopDelayMs: number;
    readonly maxEventLoopUtilization: number;
    readonly maxHeapUsedBytes: number;
    readonly retryAfterSeconds: number;
    /** Requests in flight below which nothing is refused, however busy the loop. */
    readonly minInFlight: number;
  };
}

export interface SessionConfig {
  /** A session unused for this long ends (default 30 minutes). */
  readonly idleTimeoutMs: number;
  /** A session ends this long after sign-in however active (default 12 hours). */
  readonly absoluteTimeoutMs: number;
  /** Secure attribute of the cookies: auto = when the request came over TLS. */
  readonly cookieSecure: 'auto' | 'always' | 'never';
  /** Sign-in attempts allowed per account (tenant + email) and per client address in each window. */
  readonly loginAttemptsPerAccount: number;
  readonly loginAttemptsPerAddress: number;
  readonly loginWindowMs: number;
}

function oneOf<const T extends readonly string[]>(
  env: NodeJS.ProcessEnv,
  name: string,
  values: T,
  fallback: T[number],
): T[number] {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw)) throw new Error(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
  return raw;
}

function trustProxy(env: NodeJS.ProcessEnv): boolean | number | readonly string[] {
  const raw = (env.TRUST_PROXY ?? '').trim();
  if (raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.some((entry) => !/^[0-9A-Fa-f:.]+(\/\d{1,3})?$/.test(entry)))
    throw new Error(
      `TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses and CIDRs, got "${raw}"`,
    );
  return Object.freeze(entries);
}

/** Requests per minute of a key without its own limit (RATE_LIMIT_*_PER_MINUTE unset). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = Object.freeze({ production: 6000, sandbox: 600 });

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

function fraction(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1)
    throw new Error(`${name} must be a number from 0 to 1, got "${raw}"`);
  return value;
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
      production: positiveInt(
        env,
        'RATE_LIMIT_PRODUCTION_PER_MINUTE',
        DEFAULT_RATE_LIMIT_PER_MINUTE.production,
      ),
      sandbox: positiveInt(env, 'RATE_LIMIT_SANDBOX_PER_MINUTE', DEFAULT_RATE_LIMIT_PER_MINUTE.sandbox),
    }),
    authFailuresPerMinute: positiveInt(env, 'AUTH_FAILURES_PER_MINUTE', 60),
    bodyLimitBytes: positiveInt(env, 'BODY_LIMIT_BYTES', 5 * 1024 * 1024),
    metricsToken: env.METRICS_TOKEN === '' ? undefined : env.METRICS_TOKEN,
    logLevel: env.LOG_LEVEL ?? 'info',
    webhookSecretKey: env.WEBHOOK_SECRET_KEY === '' ? undefined : env.WEBHOOK_SECRET_KEY,
    production: env.NODE_ENV === 'production',
    batchChunkProfiles: positiveInt(env, 'BATCH_CHUNK_PROFILES', 100),
    jobTimeoutSeconds: positiveInt(env, 'JOB_TIMEOUT_SECONDS', 300),
    // One SQLite connection runs every transaction in turn, so a thread's work cannot overlap the
    // main thread's there (bench B3: 806 tx/s on 2 threads against 1,166 in process): threads on
    // PostgreSQL, where concurrent chunks each hold their own connection.
    batchScoringThreads: wholeNumber(
      env,
      'BATCH_SCORING_THREADS',
      dialect === 'postgres' ? availableParallelism() : 0,
    ),
    historyCacheItems: wholeNumber(env, 'HISTORY_CACHE_ITEMS', 500_000),
    jobsSchema: identifier(env, 'JOBS_SCHEMA', 'pgboss'),
    sessions: Object.freeze({
      idleTimeoutMs: positiveInt(env, 'SESSION_IDLE_MINUTES', 30) * 60_000,
      absoluteTimeoutMs: positiveInt(env, 'SESSION_ABSOLUTE_HOURS', 12) * 3_600_000,
      cookieSecure: oneOf(env, 'SESSION_COOKIE_SECURE', ['auto', 'always', 'never'] as const, 'auto'),
      loginAttemptsPerAccount: positiveInt(env, 'LOGIN_ATTEMPTS_PER_ACCOUNT', 10),
      loginAttemptsPerAddress: positiveInt(env, 'LOGIN_ATTEMPTS_PER_ADDRESS', 50),
      loginWindowMs: positiveInt(env, 'LOGIN_WINDOW_MINUTES', 15) * 60_000,
    }),
    trustProxy: trustProxy(env),
    requestTimeoutMs: positiveInt(env, 'REQUEST_TIMEOUT_MS', 30_000),
    connectionTimeoutMs: positiveInt(env, 'CONNECTION_TIMEOUT_MS', 120_000),
    webhookAllowPrivateNetworks: flag(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS'),
    retention: Object.freeze({
      webhookDeliveryRetentionDays: positiveInt(env, 'WEBHOOK_DELIVERY_RETENTION_DAYS', 7),
      sweepMinutes: positiveInt(env, 'RETENTION_SWEEP_MINUTES', 60),
    }),
    shutdownTimeoutMs: positiveInt(env, 'SHUTDOWN_TIMEOUT_SECONDS', 30) * 1000,
    overload: Object.freeze({
      maxEventLoopDelayMs: wholeNumber(env, 'OVERLOAD_MAX_EVENT_LOOP_DELAY_MS', 1000),
      maxEventLoopUtilization: fraction(env, 'OVERLOAD_MAX_EVENT_LOOP_UTILIZATION', 0),
      maxHeapUsedBytes: wholeNumber(env, 'OVERLOAD_MAX_HEAP_USED_BYTES', 0),
      retryAfterSeconds: positiveInt(env, 'OVERLOAD_RETRY_AFTER_SECONDS', 5),
      minInFlight: positiveInt(env, 'OVERLOAD_MIN_IN_FLIGHT', 16),
    }),
  });
}

/** The SQLite file path of a `file:` URL or a bare path. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.startsWith('file:') ? databaseUrl.slice('file:'.length) : databaseUrl;
}
