/**
 * Bench-only diagnostics for the server process (BENCH_SQL_STATS=1): wraps better-sqlite3's prepare
 * and statement methods to count and time every SQL statement, so a CPU profile's anonymous
 * `executeQuery`/`all`/`run` time can be attributed to queries. Adds overhead: never on in timed runs
 * whose numbers are reported.
 */
import SQLite from 'better-sqlite3';

interface Stat {
  prepares: number;
  prepareNs: bigint;
  runs: number;
  runNs: bigint;
  rows: number;
}

const stats = new Map<string, Stat>();

const statOf = (sql: string): Stat => {
  // IN lists and VALUES rows of different lengths are one query.
  const key = sql
    .replace(/\s+/g, ' ')
    .replace(/(\?, )+\?/g, '?…')
    .slice(0, 160);
  let stat = stats.get(key);
  if (!stat) {
    stat = { prepares: 0, prepareNs: 0n, runs: 0, runNs: 0n, rows: 0 };
    stats.set(key, stat);
  }
  return stat;
};

type Method = (this: SQLite.Statement, ...args: unknown[]) => unknown;

export function installSqlStats(): void {
  const probe = new SQLite(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('SELECT 1')) as Record<string, Method>;
  probe.close();
  for (const name of ['run', 'get', 'all', 'iterate']) {
    const original = statementProto[name];
    if (!original) continue;
    statementProto[name] = function timed(this: SQLite.Statement, ...args: unknown[]) {
      const started = process.hrtime.bigint();
      const result = original.apply(this, args);
      const stat = statOf(this.source);
      stat.runs++;
      stat.runNs += process.hrtime.bigint() - started;
      if (Array.isArray(result)) stat.rows += result.length;
      return result;
    };
  }
  const databaseProto = SQLite.prototype as unknown as { prepare: (sql: string) => SQLite.Statement };
  const prepare = databaseProto.prepare;
  databaseProto.prepare = function timedPrepare(this: SQLite.Database, sql: string) {
    const started = process.hrtime.bigint();
    const statement = prepare.call(this, sql);
    const stat = statOf(sql);
    stat.prepares++;
    stat.prepareNs += process.hrtime.bigint() - started;
    return statement;
  };
}

export function resetSqlStats(): void {
  stats.clear();
}

/** The statements by total time (prepare + run), as text. */
export function sqlStatsReport(top = 25): string {
  const rows = [...stats.entries()].sort(
    (a, b) => Number(b[1].prepareNs + b[1].runNs) - Number(a[1].prepareNs + a[1].runNs),
  );
  const totalMs = rows.reduce((sum, [, s]) => sum + Number(s.prepareNs + s.runNs) / 1e6, 0);
  const lines = [`SQL total ${totalMs.toFixed(0)} ms (prepare + execute), by statement:`];
  for (const [sql, s] of rows.slice(0, top)) {
    const ms = (ns: bigint) => (Number(ns) / 1e6).toFixed(0);
    lines.push(
      `${ms(s.prepareNs + s.runNs).padStart(6)} ms  prepare ${ms(s.prepareNs).padStart(5)} ms ×${s.prepares}  execute ${ms(s.runNs).padStart(5)} ms ×${s.runs}  rows ${s.rows}  ${sql}`,
    );
  }
  return lines.join('\n');
}

/**
 * What-if experiment (BENCH_STMT_CACHE=1, never on for reported numbers): better-sqlite3 statements
 * cached by SQL text, as a statement cache in src/store/create-db.ts would do for Kysely, whose
 * SQLite driver prepares every query anew. A statement still iterating is never handed out twice.
 */
export function installStatementCache(): void {
  const databaseProto = SQLite.prototype as unknown as { prepare: (sql: string) => SQLite.Statement };
  const prepare = databaseProto.prepare;
  const caches = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();
  databaseProto.prepare = function cachedPrepare(this: SQLite.Database, sql: string) {
    let cache = caches.get(this);
    if (!cache) {
      cache = new Map();
      caches.set(this, cache);
    }
    const cached = cache.get(sql);
    if (cached && !cached.busy) return cached;
    const statement = prepare.call(this, sql);
    if (cache.size >= 1000) cache.clear();
    cache.set(sql, statement);
    return statement;
  };
}
