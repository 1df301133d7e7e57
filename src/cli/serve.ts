import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { createTenantsService } from '../resources/tenants/tenants.service.js';
import { createDb } from '../store/create-db.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { systemClock } from '../lib/clock.js';
import { createWebhookDispatcher } from '../resources/webhooks/webhooks.dispatcher.js';
import { createRetentionSweeper } from '../jobs/retention.js';
import { onShutdownSignal } from './shutdown.js';
import { resolveWebhookSecretKey, sealPlaintextSecrets } from '../resources/webhooks/secret-key.js';
import { createSessionsStore } from '../resources/sessions/sessions.store.js';
import { createUsersService } from '../resources/users/users.service.js';
import { createUsersStore } from '../resources/users/users.store.js';

/** Batch-run job loops a serving process runs unless told otherwise (`--worker-concurrency`). */
export const DEFAULT_WORKER_CONCURRENCY = 2;

export function workerConcurrencyOf(args: string[], config: Config): number {
  const { values } = parseArgs({
    args,
    options: { 'worker-concurrency': { type: 'string', default: String(DEFAULT_WORKER_CONCURRENCY) } },
  });
  const concurrency = Number(values['worker-concurrency']);
  if (!Number.isInteger(concurrency) || concurrency < 0 || concurrency > 64)
    throw new Error('--worker-concurrency must be a whole number from 0 to 64');
  // The embedded queue lives in this process only: an API-only SQLite server would leave runs queued.
  if (concurrency === 0 && config.dialect === 'sqlite')
    throw new Error(
      '--worker-concurrency 0 needs PostgreSQL: on SQLite the serving process is the only worker',
    );
  return concurrency;
}

/**
 * `vigil serve`: migrate, bootstrap a demo tenant on an empty embedded database, listen, and (unless
 * `--worker-concurrency 0`) work batch-run jobs and deliver webhooks in the same process, so one
 * process is a whole installation on either database. SIGTERM drains it (see shutdown.ts).
 */
export async function serve(args: string[], given: Config): Promise<void> {
  // Decided before anything else: in production a missing key stops the process here.
  const config: Config = Object.freeze({ ...given, webhookSecretKey: resolveWebhookSecretKey(given) });
  const workerConcurrency = workerConcurrencyOf(args, config);
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db.kysely);
  await sealPlaintextSecrets(db.kysely, config.webhookSecretKey);
  if (config.dialect === 'sqlite') await bootstrapDemoTenant(db.kysely, config);
  const app = await buildApp({ config, db, workerConcurrency });
  // Every working process delivers the outbox; on PostgreSQL they share the work safely.
  const webhooks =
    workerConcurrency > 0
      ? createWebhookDispatcher({
          db,
          clock: systemClock,
          logger: app.log,
          secretKey: config.webhookSecretKey,
          allowPrivateNetworks: config.webhookAllowPrivateNetworks,
        })
      : undefined;
  // Pruning is idempotent: every serving process may sweep (docs/security.md, retention).
  const retention = createRetentionSweeper({
    db: db.kysely,
    clock: systemClock,
    settings: config.retention,
    logger: app.log,
  });
  onShutdownSignal(app.log, config.shutdownTimeoutMs, async () => {
    // Stops listening, answers the requests in flight, then stops the jobs after their current
    // profile (app's onClose): a cut-short chunk resumes after its last finished profile.
    await retention.stop();
    await app.close();
    await webhooks?.stop();
    await db.close();
  });
  await app.listen({ host: config.host, port: config.port });
  webhooks?.start();
  retention.start();
}

async function bootstrapDemoTenant(kysely: Parameters<typeof createTenantsService>[0]['db'], config: Config) {
  const tenants = createTenantsService({ db: kysely, clock: systemClock });
  if ((await tenants.count()) > 0) return;
  const demo = await tenants.create('Demo Credit Union');
  const admin = await createDemoAdmin(kysely, demo.tenant_id);
  const base = `http://${config.host}:${config.port}`;
  const lines = [
    '',
    'Vigil: created a demo tenant on this new database. The keys are shown only now.',
    `  tenant ID       ${demo.tenant_id}`,
    `  production key  ${demo.production_key}`,
    `  sandbox key     ${demo.sandbox_key}`,
    '',
    'Enroll a customer in the sandbox:',
    `  curl -s -X POST ${base}/sandbox/v1/profiles \\`,
    `    -H 'Authorization: Bearer ${demo.sandbox_key}' \\`,
    `    -H 'X-Tenant-ID: ${demo.tenant_id}' \\`,
    `    -H 'Content-Type: application/json' \\`,
    `    -d '{"customer_id":"C-1001","customer_name":"Margaret Hill","date_of_birth":"1941-03-09","enrollment_reason":"AGE_THRESHOLD"}'`,
    '',
    'Sign in to the analyst console as the demo administrator (choose a new password on first sign-in):',
    `  console            ${base}/`,
    `  email              ${admin.email}`,
    `  one-time password  ${admin.oneTimePassword}`,
    '',
    `API reference: ${base}/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

export const DEMO_ADMIN_EMAIL = 'admin@demo.vigil.test';

/** The demo tenant's first console user: an admin with a one-time password, printed once. */
async function createDemoAdmin(kysely: Parameters<typeof createTenantsService>[0]['db'], tenantId: string) {
  const users = createUsersService({
    db: kysely,
    store: createUsersStore(kysely),
    sessions: createSessionsStore(kysely),
    clock: systemClock,
  });
  const { user, oneTimePassword } = await users.create(
    {
      tenantId,
      environment: 'production',
      actor: { apiKeyId: null, userId: null, name: 'vigil serve (demo bootstrap)' },
      requestId: 'bootstrap',
    },
    { email: DEMO_ADMIN_EMAIL, name: 'Demo Administrator', role: 'admin' },
  );
  return { email: user.email, oneTimePassword };
}
