import type SQLite from 'better-sqlite3';

/**
 * Values read from a SQLite file, kept while the file is unchanged: every lookup first reads the
 * database's generation, and any change since the values were read drops them all. The generation
 * is two counters SQLite keeps for exactly this:
 * - `PRAGMA data_version` changes when another connection commits (another `vigil` process on the
 *   same file, the CLI, a second handle in this process);
 * - `total_changes()` counts the rows this connection inserted, updated or deleted (every write
 *   this process makes through it, committed or not).
 * About 1.2 µs a lookup (measured), against about 9 µs for a 20-column row read and mapped. Any
 * write anywhere drops everything, so it pays off for reads between writes (B5, dashboards polling
 * between feed batches) and costs the 1.2 µs otherwise. Values are frozen: they are shared.
 * PostgreSQL has no such counter; callers there read through.
 */
export function createUnchangedDatabaseCache<V extends object>(
  sqlite: SQLite.Database,
  options: { maxEntries: number },
) {
  const dataVersion = sqlite.prepare<[], number>('PRAGMA data_version').pluck();
  const totalChanges = sqlite.prepare<[], number>('SELECT total_changes()').pluck();
  const entries = new Map<string, V>();
  let seenVersion = -1;
  let seenChanges = -1;

  return {
    /**
     * The value under key, read by load() unless it was read since the database last changed. Call
     * only outside transactions on this connection (their writes are not visible to others yet).
     */
    get(key: string, load: () => V | undefined): Readonly<V> | undefined {
      // The generation is read before load() runs: a commit landing between the two leaves a newer
      // value under an older generation, which the next lookup drops (never the reverse).
      const version = dataVersion.get() as number;
      const changes = totalChanges.get() as number;
      if (version !== seenVersion || changes !== seenChanges) {
        entries.clear();
        seenVersion = version;
        seenChanges = changes;
      }
      const cached = entries.get(key);
      if (cached !== undefined) return cached;
      const value = load();
      if (value === undefined) return undefined;
      if (entries.size >= options.maxEntries) entries.clear();
      entries.set(key, deepFreeze(value));
      return value;
    },
  };
}

function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
