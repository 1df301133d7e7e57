import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { sqlitePath, type Dialect } from '../config.js';
import type { Database } from './database.js';
import { recordQueryTime } from './query-time.js';

// Timestamps are epoch milliseconds in bigint columns: read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export interface Db {
  readonly kysely: Kysely<Database>;
  readonly dialect: Dialect;
  /** The raw SQLite handle, for hot paths that run prepared statements inside a Kysely transaction. */
  readonly sqlite?: SQLite.Database;
  close(): Promise<void>;
}

const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely prepares every SQLite query afresh (~45 µs each); the same few dozen statements serve every
 * request, so they are prepared once. A statement still being iterated (a stream) is never handed out
 * twice: better-sqlite3 refuses to reuse a busy statement, so a fresh one is prepared then.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(sql);
      if (!cached) {
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(sql, statement);
      }
      return statement;
    },
  };
}

/** Opens the database a URL names: a SQLite file (WAL) by default, PostgreSQL for postgres:// URLs. */
export function createDb(databaseUrl: string, options: { poolSize?: number } = {}): Db {
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: recordQueryTime });
    return { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  }
  const path = sqlitePath(databaseUrl);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
  return { kysely, dialect: 'sqlite', sqlite, close: () => kysely.destroy() };
}
