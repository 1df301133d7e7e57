import { parseArgs } from 'node:util';
import {
  EVALUATE_USAGE,
  LOAD_USAGE,
  SERVE_USAGE,
  SIMULATE_USAGE,
  USER_CREATE_USAGE,
  WORKER_USAGE,
} from './usage.js';

// Commands are imported when they run, so `vigil --help` and usage errors load none of the app.
const USAGE = `Usage: vigil <command>

Commands:
  ${SERVE_USAGE}         migrate, start the HTTP API (HOST, PORT, DATABASE_URL) and work
                                         batch-run jobs and webhook deliveries (0: API only)
  migrate                                bring the database schema up to date
  tenant create --name NAME [--json]     create a tenant with a production and a sandbox key
  ${USER_CREATE_USAGE}
                                         create an analyst user; prints a one-time password
  ${WORKER_USAGE}               work batch-run jobs only (PostgreSQL: scale-out)
  ${SIMULATE_USAGE}
                                         write a synthetic population with labelled exploitation scenarios
  ${LOAD_USAGE}
                                         push a simulated population through the API (history unscored, then live)
  ${EVALUATE_USAGE}
                                         load a population, then report detection quality against its labels

Environment: DATABASE_URL (default file:./data/vigil.db; postgres://... for PostgreSQL), HOST, PORT.
`;

async function migrate(): Promise<void> {
  const { loadConfig } = await import('../config.js');
  const { createDb } = await import('../store/create-db.js');
  const { migrateToLatest } = await import('../store/migrations/index.js');
  const db = createDb(loadConfig().databaseUrl);
  try {
    const applied = await migrateToLatest(db.kysely);
    process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
  } finally {
    await db.close();
  }
}

async function createTenant(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { name: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (values.name === undefined || values.name.trim() === '')
    throw new UsageError('tenant create needs --name "Bank name"');
  const { loadConfig } = await import('../config.js');
  const { createDb } = await import('../store/create-db.js');
  const { migrateToLatest } = await import('../store/migrations/index.js');
  const { createTenantsService } = await import('../resources/tenants/tenants.service.js');
  const { systemClock } = await import('../lib/clock.js');
  const db = createDb(loadConfig().databaseUrl);
  try {
    await migrateToLatest(db.kysely);
    const tenant = await createTenantsService({ db: db.kysely, clock: systemClock }).create(
      values.name.trim(),
    );
    if (values.json) process.stdout.write(`${JSON.stringify(tenant)}\n`);
    else {
      process.stdout.write(
        `tenant ID       ${tenant.tenant_id}\nproduction key  ${tenant.production_key}\nsandbox key     ${tenant.sandbox_key}\n` +
          'The keys are shown only now: store them safely.\n',
      );
    }
  } finally {
    await db.close();
  }
}

class UsageError extends Error {}

interface LoadSummary {
  profiles: number;
  historyTransactions: number;
  liveTransactions: number;
  events: number;
  seconds: number;
}

function printLoadSummary(s: LoadSummary): void {
  const rows = s.historyTransactions + s.liveTransactions + s.events;
  const fmt = (n: number) => n.toLocaleString('en-US');
  process.stdout.write(
    `loaded ${fmt(s.profiles)} profiles, ${fmt(s.historyTransactions + s.liveTransactions)} transactions ` +
      `(${fmt(s.historyTransactions)} history with scoring=false, ${fmt(s.liveTransactions)} live with scoring=true) and ${fmt(s.events)} events ` +
      `in ${s.seconds.toFixed(1)} s: ${fmt(Math.round(rows / s.seconds))} rows/s\n`,
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, sub, ...rest] = argv;
  const config = async () => (await import('../config.js')).loadConfig();
  if (command === 'serve') return (await import('./serve.js')).serve(argv.slice(1), await config());
  if (command === 'migrate') return migrate();
  if (command === 'worker') return (await import('./worker.js')).worker(argv.slice(1), await config());
  if (command === 'tenant' && sub === 'create') return createTenant(rest);
  if (command === 'user' && sub === 'create') {
    const { createUserCommand, UserUsageError } = await import('./user/user-create.js');
    try {
      process.stdout.write(`${await createUserCommand(rest, await config())}\n`);
    } catch (error) {
      throw error instanceof UserUsageError ? new UsageError(error.message) : error;
    }
    return;
  }
  if (command === 'simulate') return (await import('./simulate.js')).simulate(argv.slice(1));
  if (command === 'evaluate') {
    process.stdout.write(`${await (await import('./evaluate/evaluate.js')).evaluate(argv.slice(1))}\n`);
    return;
  }
  if (command === 'load') {
    printLoadSummary(await (await import('./load/load.js')).load(argv.slice(1)));
    return;
  }
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return;
  }
  throw new UsageError(`unknown command: ${argv.join(' ')}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) process.stderr.write(`${error.message}\n\n${USAGE}`);
  else process.stderr.write(`vigil: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
