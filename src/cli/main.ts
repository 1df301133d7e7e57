import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { systemClock } from '../lib/clock.js';
import { createTenantsService } from '../resources/tenants/tenants.service.js';
import { createDb } from '../store/create-db.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { evaluate, EVALUATE_USAGE } from './evaluate/evaluate.js';
import { load, LOAD_USAGE } from './load/load.js';
import { serve } from './serve.js';
import { simulate, SIMULATE_USAGE } from './simulate.js';
import { createUserCommand, USER_CREATE_USAGE, UserUsageError } from './user/user-create.js';
import { worker, WORKER_USAGE } from './worker.js';

const USAGE = `Usage: vigil <command>

Commands:
  serve                                  migrate and start the HTTP API (HOST, PORT, DATABASE_URL)
  migrate                                bring the database schema up to date
  tenant create --name NAME [--json]     create a tenant with a production and a sandbox key
  ${USER_CREATE_USAGE}
                                         create an analyst user; prints a one-time password
  ${WORKER_USAGE}               work batch-run jobs (PostgreSQL; on SQLite, serve runs them)
  ${SIMULATE_USAGE}
                                         write a synthetic population with labelled exploitation scenarios
  ${LOAD_USAGE}
                                         push a simulated population through the API (history unscored, then live)
  ${EVALUATE_USAGE}
                                         load a population, then report detection quality against its labels

Environment: DATABASE_URL (default file:./data/vigil.db; postgres://... for PostgreSQL), HOST, PORT.
`;

async function migrate(): Promise<void> {
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

function printLoadSummary(s: Awaited<ReturnType<typeof load>>): void {
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
  if (command === 'serve') return serve(loadConfig());
  if (command === 'migrate') return migrate();
  if (command === 'worker') return worker(argv.slice(1), loadConfig());
  if (command === 'tenant' && sub === 'create') return createTenant(rest);
  if (command === 'user' && sub === 'create') {
    process.stdout.write(`${await createUserCommand(rest, loadConfig())}\n`);
    return;
  }
  if (command === 'simulate') return simulate(argv.slice(1));
  if (command === 'evaluate') {
    process.stdout.write(`${await evaluate(argv.slice(1))}\n`);
    return;
  }
  if (command === 'load') {
    printLoadSummary(await load(argv.slice(1)));
    return;
  }
  if (command === undefined || command === 'help' || command === '--help') {
    process.stdout.write(USAGE);
    return;
  }
  throw new UsageError(`unknown command: ${argv.join(' ')}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError || error instanceof UserUsageError)
    process.stderr.write(`${error.message}\n\n${USAGE}`);
  else process.stderr.write(`vigil: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError || error instanceof UserUsageError ? 2 : 1);
});
