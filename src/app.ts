import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { registerIdempotency } from './api/idempotency/idempotency.plugin.js';
import { createIdempotencyStore } from './api/idempotency/idempotency.store.js';
import { authenticate } from './api/plugins/auth.js';
import { consolePlugin } from './api/plugins/console.js';
import { errorsPlugin, frameworkErrorReply } from './api/plugins/errors.js';
import { metricsPlugin } from './api/plugins/metrics.js';
import { registerInputGuards } from './api/input-guards.js';
import { serverOptions } from './api/server-options.js';
import { openapiPlugin } from './api/plugins/openapi.js';
import { overloadPlugin } from './api/plugins/overload.js';
import { API_HELMET_OPTIONS, securityHeadersPlugin } from './api/plugins/security-headers.js';
import { lazyRequestLogger } from './api/lazy-request-logger.js';
import { requestIdFor, requestIdPlugin } from './api/plugins/request-id.js';
import { createMemoryRateLimitStore } from './api/rate-limit/memory-store.js';
import { createPostgresRateLimitStore } from './api/rate-limit/postgres-store.js';
import type { RateLimitStore } from './api/rate-limit/rate-limit-store.js';
import { validatorCompiler } from './api/validation.js';
import type { Environment } from './domain/values/enums.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createMetrics } from './lib/metrics.js';
import { createJobQueue } from './jobs/create-queue.js';
import type { JobQueue } from './jobs/queue.js';
import { batchRunsRoutes } from './resources/batch-runs/batch-runs.routes.js';
import { backtestsRoutes } from './resources/backtests/backtests.routes.js';
import { apiKeysRoutes } from './resources/api-keys/api-keys.routes.js';
import { auditEventsRoutes } from './resources/audit-events/audit-events.routes.js';
import { healthRoutes } from './resources/health/health.routes.js';
import { createOperationalSnapshot } from './resources/health/operational-snapshot.js';
import { accountEventsRoutes } from './resources/account-events/account-events.routes.js';
import { baselinesRoutes } from './resources/baselines/baselines.routes.js';
import { profilesRoutes } from './resources/profiles/profiles.routes.js';
import { rulesRoutes } from './resources/rules/rules.routes.js';
import { settingsRoutes } from './resources/settings/settings.routes.js';
import { activitySeriesRoutes } from './resources/activity-series/activity-series.routes.js';
import { caseExportRoutes } from './resources/case-export/case-export.routes.js';
import { signalNotesRoutes } from './resources/signal-notes/signal-notes.routes.js';
import { signalWorkflowRoutes } from './resources/signals/signal-workflow.routes.js';
import { signalsRoutes } from './resources/signals/signals.routes.js';
import { suppressionsRoutes } from './resources/suppressions/suppressions.routes.js';
import { watchListRoutes } from './resources/watch-list/watch-list.routes.js';
import { transactionsRoutes } from './resources/transactions/transactions.routes.js';
import { webhooksRoutes } from './resources/webhooks/webhooks.routes.js';
import { authRoutes } from './resources/sessions/auth.routes.js';
import { createLoginThrottle } from './resources/sessions/login-throttle.js';
import { createSessionsService } from './resources/sessions/sessions.service.js';
import { usersRoutes } from './resources/users/users.routes.js';
import { createServices } from './services.js';
import type { Db } from './store/create-db.js';
import { BATCH_RUN_TASKS } from './resources/batch-runs/batch-runs.jobs.js';

export interface AppDeps {
  config: Config;
  db: Db;
  clock?: Clock;
  rateLimits?: RateLimitStore;
  /** The job queue batch runs use; default: the configured database's (jobs/create-queue.ts). */
  jobs?: JobQueue;
  logger?: boolean;
  /**
   * Batch-run job loops this process runs (0: none, an API-only process). Default: 1 on SQLite,
   * whose in-process queue only the serving process can work; 0 on PostgreSQL, where tests and
   * `vigil worker` work the queue (`vigil serve` passes its --worker-concurrency).
   */
  workerConcurrency?: number;
  /** The built console (web/dist by default); tests point it at a fixture. */
  consoleDir?: string;
}

const BASES: [string, Environment][] = [
  ['/v1', 'production'],
  ['/sandbox/v1', 'sandbox'],
];

/** Builds the HTTP app: shared plugins in order, then each resource under both bases (api.md §1). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, db } = deps;
  const clock = deps.clock ?? systemClock;
  const kysely = db.kysely;
  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.logLevel },
    genReqId: (req) => requestIdFor(req.headers['x-request-id']),
    childLoggerFactory: lazyRequestLogger,
    frameworkErrors: frameworkErrorReply,
    ...serverOptions(config),
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('caller', undefined);
  app.decorateRequest('idempotencyScope', undefined);
  // JSON only (api.md §4): any other body is 415; too deep or holding U+0000 is 400.
  registerInputGuards(app);

  const metrics = createMetrics({
    snapshot: createOperationalSnapshot({
      db: kysely,
      dialect: db.dialect,
      jobsSchema: config.jobsSchema,
      clock,
    }),
  });
  await app.register(errorsPlugin);
  await app.register(requestIdPlugin);
  await app.register(overloadPlugin, { overload: config.overload });
  await app.register(securityHeadersPlugin, { options: API_HELMET_OPTIONS, docsPrefix: '/docs' });
  await app.register(metricsPlugin, { metrics });
  await app.register(openapiPlugin);
  await app.register(healthRoutes, { db: kysely, metrics, metricsToken: config.metricsToken });
  await app.register(consolePlugin, deps.consoleDir === undefined ? {} : { dir: deps.consoleDir });

  const workerConcurrency = deps.workerConcurrency ?? (db.dialect === 'sqlite' ? 1 : 0);
  const jobs =
    deps.jobs ??
    createJobQueue(db, config, {
      clock,
      taskNames: BATCH_RUN_TASKS,
      logger: app.log,
      supervise: workerConcurrency > 0,
    });
  const services = createServices(db, clock, {
    webhookSecretKey: config.webhookSecretKey,
    webhookAllowPrivateNetworks: config.webhookAllowPrivateNetworks,
    jobs,
    batchChunkProfiles: config.batchChunkProfiles,
    batchScoringThreads: config.batchScoringThreads,
    historyCacheItems: config.historyCacheItems,
    rateLimitPerMinute: config.rateLimitPerMinute,
    observeScoring: (kind, items, seconds) => {
      metrics.observeScoring(kind, items, seconds);
    },
    onChunkTimed: (timing) => {
      metrics.observeChunk(timing);
    },
  });
  if (workerConcurrency > 0)
    app.addHook('onReady', async () => {
      await services.batchRuns.startWork(app.log, workerConcurrency);
    });
  app.addHook('onClose', async () => {
    await jobs.stop();
    await services.batchRuns.close();
  });
  const newRateLimitStore = () =>
    db.dialect === 'postgres' ? createPostgresRateLimitStore(kysely) : createMemoryRateLimitStore();
  const sessions = createSessionsService({
    db: kysely,
    store: services.stores.sessions,
    users: services.stores.users,
    // Its own buckets: sign-in attempts are counted in windows of minutes, not per minute.
    throttle: createLoginThrottle(newRateLimitStore(), {
      perAccount: config.sessions.loginAttemptsPerAccount,
      perAddress: config.sessions.loginAttemptsPerAddress,
      windowMs: config.sessions.loginWindowMs,
    }),
    config: config.sessions,
    clock,
  });
  const auth = {
    config,
    clock,
    apiKeys: services.apiKeyCache,
    rateLimits: deps.rateLimits ?? newRateLimitStore(),
    sessions,
  };
  await app.register(authRoutes, { prefix: '/auth', service: sessions, config: config.sessions, clock });
  const idempotency = { store: createIdempotencyStore(kysely), clock };

  for (const [prefix, environment] of BASES) {
    await app.register(
      async (api) => {
        api.addHook('onRequest', authenticate(auth, environment));
        registerIdempotency(api, idempotency);
        await api.register(profilesRoutes, { prefix: '/profiles', service: services.profiles });
        await api.register(transactionsRoutes, { service: services.transactions });
        await api.register(accountEventsRoutes, { service: services.accountEvents });
        await api.register(baselinesRoutes, { service: services.baselines });
        await api.register(rulesRoutes, {
          prefix: '/rules',
          service: services.rules,
          backtests: services.backtests.service,
        });
        await api.register(signalWorkflowRoutes, {
          prefix: '/signals',
          store: services.stores.signals,
          service: services.signals,
        });
        await api.register(caseExportRoutes, { prefix: '/signals', service: services.caseExport });
        await api.register(signalNotesRoutes, { prefix: '/signals', service: services.signalNotes });
        await api.register(activitySeriesRoutes, { service: services.activitySeries });
        await api.register(suppressionsRoutes, {
          store: services.stores.suppressions,
          profiles: services.profiles,
          clock,
        });
        await api.register(signalsRoutes, {
          prefix: '/signals',
          store: services.stores.signals,
          service: services.signals,
        });
        await api.register(settingsRoutes, { prefix: '/settings', service: services.settings });
        await api.register(watchListRoutes, { prefix: '/watch-list', service: services.watchList });
        await api.register(apiKeysRoutes, { prefix: '/api-keys', service: services.apiKeys });
        await api.register(webhooksRoutes, { prefix: '/webhooks', service: services.webhooks.service });
        await api.register(batchRunsRoutes, { prefix: '/batch-runs', service: services.batchRuns.service });
        await api.register(backtestsRoutes, { prefix: '/backtests', service: services.backtests.service });
        await api.register(usersRoutes, { prefix: '/users', service: services.users });
        await api.register(auditEventsRoutes, {
          prefix: '/audit-events',
          store: services.stores.auditEvents,
        });
      },
      { prefix },
    );
  }
  return app;
}
