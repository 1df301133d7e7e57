import { type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { registerIdempotency } from './api/idempotency/idempotency.plugin.js';
import { createIdempotencyStore } from './api/idempotency/idempotency.store.js';
import { authenticate } from './api/plugins/auth.js';
import { consolePlugin } from './api/plugins/console.js';
import { errorsPlugin } from './api/plugins/errors.js';
import { metricsPlugin } from './api/plugins/metrics.js';
import { openapiPlugin } from './api/plugins/openapi.js';
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
import { apiKeysRoutes } from './resources/api-keys/api-keys.routes.js';
import { auditEventsRoutes } from './resources/audit-events/audit-events.routes.js';
import { healthRoutes } from './resources/health/health.routes.js';
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
import { transactionsRoutes } from './resources/transactions/transactions.routes.js';
import { webhooksRoutes } from './resources/webhooks/webhooks.routes.js';
import { authRoutes } from './resources/sessions/auth.routes.js';
import { createLoginThrottle } from './resources/sessions/login-throttle.js';
import { createSessionsService } from './resources/sessions/sessions.service.js';
import { usersRoutes } from './resources/users/users.routes.js';
import { createServices } from './services.js';
import type { Db } from './store/create-db.js';

export interface AppDeps {
  config: Config;
  db: Db;
  clock?: Clock;
  rateLimits?: RateLimitStore;
  /** The job queue batch runs use; default: the configured database's (jobs/create-queue.ts). */
  jobs?: JobQueue;
  logger?: boolean;
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
    bodyLimit: config.bodyLimitBytes,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.decorateRequest('caller', undefined);
  app.decorateRequest('idempotencyScope', undefined);
  // JSON only (api.md §4): any other body is 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  const metrics = createMetrics();
  await app.register(errorsPlugin);
  await app.register(requestIdPlugin);
  await app.register(metricsPlugin, { metrics });
  await app.register(openapiPlugin);
  await app.register(healthRoutes, { db: kysely, metrics, metricsToken: config.metricsToken });
  await app.register(consolePlugin, deps.consoleDir === undefined ? {} : { dir: deps.consoleDir });

  const jobs = deps.jobs ?? createJobQueue(db, config, { clock, logger: app.log });
  const services = createServices(db, clock, {
    webhookSecretKey: config.webhookSecretKey,
    jobs,
    batchChunkProfiles: config.batchChunkProfiles,
    historyCacheItems: config.historyCacheItems,
  });
  // Embedded mode runs batch runs in this process (stack.md); on PostgreSQL `vigil worker` does.
  if (db.dialect === 'sqlite') app.addHook('onReady', () => services.batchRuns.startLocalWork(app.log));
  app.addHook('onClose', () => jobs.stop());
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
        await api.register(rulesRoutes, { prefix: '/rules', service: services.rules });
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
        await api.register(settingsRoutes, {
          prefix: '/settings',
          db: kysely,
          store: services.stores.settings,
          clock,
        });
        await api.register(apiKeysRoutes, { prefix: '/api-keys', service: services.apiKeys });
        await api.register(webhooksRoutes, { prefix: '/webhooks', service: services.webhooks.service });
        await api.register(batchRunsRoutes, { prefix: '/batch-runs', service: services.batchRuns.service });
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
