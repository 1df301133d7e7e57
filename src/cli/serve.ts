import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { createTenantsService } from '../resources/tenants/tenants.service.js';
import { createDb } from '../store/create-db.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { systemClock } from '../lib/clock.js';
import { createWebhookDispatcher } from '../resources/webhooks/webhooks.dispatcher.js';
import { createRetentionSweeper } from '../jobs/retention.js';
import { resolveWebhookSecretKey, sealPlaintextSecrets } from '../resources/webhooks/secret-key.js';

/** `vigil serve`: migrate, bootstrap a demo tenant on an empty embedded database, listen, stop cleanly. */
export async function serve(given: Config): Promise<void> {
  // Decided before anything else: in production a missing key stops the process here.
  const config: Config = Object.freeze({ ...given, webhookSecretKey: resolveWebhookSecretKey(given) });
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db.kysely);
  await sealPlaintextSecrets(db.kysely, config.webhookSecretKey);
  if (config.dialect === 'sqlite') await bootstrapDemoTenant(db.kysely, config);
  const app = await buildApp({ config, db });
  // The outbox is delivered by every serving process; on PostgreSQL they share the work safely.
  const webhooks = createWebhookDispatcher({
    db,
    clock: systemClock,
    logger: app.log,
    secretKey: config.webhookSecretKey,
    allowPrivateNetworks: config.webhookAllowPrivateNetworks,
  });
  const retention = createRetentionSweeper({
    db: db.kysely,
    clock: systemClock,
    settings: config.retention,
    logger: app.log,
  });
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    await retention.stop();
    await webhooks.stop();
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', (s) => void stop(s));
  process.once('SIGTERM', (s) => void stop(s));
  await app.listen({ host: config.host, port: config.port });
  webhooks.start();
  retention.start();
}

async function bootstrapDemoTenant(kysely: Parameters<typeof createTenantsService>[0]['db'], config: Config) {
  const tenants = createTenantsService({ db: kysely, clock: systemClock });
  if ((await tenants.count()) > 0) return;
  const demo = await tenants.create('Demo Credit Union');
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
    `API reference: ${base}/docs`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
