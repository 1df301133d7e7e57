/**
 * The server process of the HTTP benchmarks, started by server.ts in its own process so that the load
 * generator never shares its event loop. BENCH_SERVER_MODE=app serves Vigil's buildApp() on the
 * DATABASE_URL SQLite file (config from loadConfig, as `vigil serve` reads it); BENCH_SERVER_MODE=bare
 * serves one bare Fastify route, GET /v1/profiles/:profile_id, answering payloads sent over IPC.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDb, type Db } from '../../src/store/create-db.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import { installSqlStats, installStatementCache, resetSqlStats, sqlStatsReport } from './sql-stats.js';

export type ParentMessage =
  | { type: 'payloads'; payloads: Record<string, unknown> }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; path: string }
  | { type: 'stop' };
export type ChildMessage = { type: 'listening'; port: number } | { type: 'profiled' };

function send(message: ChildMessage): void {
  process.send?.(message);
}

function nextMessage(): Promise<ParentMessage> {
  return new Promise((resolve) => {
    process.once('message', (m) => {
      resolve(m as ParentMessage);
    });
  });
}

async function startApp(): Promise<{ server: FastifyInstance; db: Db }> {
  const config = loadConfig(process.env);
  const db = createDb(config.databaseUrl);
  await migrateToLatest(db.kysely);
  return { server: await buildApp({ config, db }), db };
}

async function startBare(): Promise<{ server: FastifyInstance; db?: Db }> {
  const message = await nextMessage();
  const payloads = message.type === 'payloads' ? message.payloads : {};
  const server = Fastify();
  server.get<{ Params: { profile_id: string } }>('/v1/profiles/:profile_id', async (request, reply) => {
    const payload = payloads[request.params.profile_id];
    return payload === undefined ? reply.code(404).send({ error: 'not found' }) : payload;
  });
  return { server };
}

async function main(): Promise<void> {
  const sqlStats = process.env.BENCH_SQL_STATS === '1';
  if (sqlStats) installSqlStats();
  if (process.env.BENCH_STMT_CACHE === '1') installStatementCache();
  const started = process.env.BENCH_SERVER_MODE === 'bare' ? await startBare() : await startApp();
  await started.server.listen({ host: '127.0.0.1', port: 0 });
  const address = started.server.server.address();
  send({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
  // CPU profiles of one benchmark phase at a time, through the inspector (no restart, no setup noise).
  const session = new Session();
  session.connect();
  process.on('message', (m: ParentMessage) => {
    void (async () => {
      if (m.type === 'profile-start') {
        await session.post('Profiler.enable');
        await session.post('Profiler.start');
        resetSqlStats();
        send({ type: 'profiled' });
      } else if (m.type === 'profile-stop') {
        const { profile } = await session.post('Profiler.stop');
        writeFileSync(m.path, JSON.stringify(profile));
        if (sqlStats) writeFileSync(m.path.replace(/\.cpuprofile$/, '.sql.txt'), sqlStatsReport());
        send({ type: 'profiled' });
      } else if (m.type === 'stop') {
        await started.server.close();
        await started.db?.close();
        process.exit(0);
      }
    })();
  });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
