import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createUnchangedDatabaseCache } from './unchanged-database-cache.js';

describe('sqlite: values kept while the database file is unchanged', () => {
  let dir: string;
  let mine: SQLite.Database;
  let other: SQLite.Database;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-cache-'));
    const path = join(dir, 'cache.db');
    mine = new SQLite(path);
    mine.pragma('journal_mode = WAL');
    mine.exec("CREATE TABLE t (id TEXT PRIMARY KEY, v TEXT); INSERT INTO t VALUES ('a', 'one'), ('b', 'x')");
    // Another connection on the same file: what another process is to this one.
    other = new SQLite(path);
  });
  afterEach(() => {
    other.close();
    mine.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function reader(maxEntries = 10) {
    const cache = createUnchangedDatabaseCache<{ v: string }>(mine, { maxEntries });
    const select = mine.prepare<[string], { v: string }>('SELECT v FROM t WHERE id = ?');
    let loads = 0;
    return {
      read: (id: string) =>
        cache.get(id, () => {
          loads += 1;
          return select.get(id);
        }),
      loads: () => loads,
    };
  }

  test('a repeat read while nothing changed is answered without loading', () => {
    const r = reader();
    expect(r.read('a')).toEqual({ v: 'one' });
    expect(r.read('a')).toEqual({ v: 'one' });
    expect(r.loads()).toBe(1);
  });

  test("another connection's commit is seen on the next read", () => {
    const r = reader();
    r.read('a');
    other.prepare("UPDATE t SET v = 'two' WHERE id = 'a'").run();
    expect(r.read('a')).toEqual({ v: 'two' });
    other.prepare("DELETE FROM t WHERE id = 'a'").run();
    expect(r.read('a')).toBeUndefined();
  });

  test("this connection's write, to any table, is seen on the next read", () => {
    const r = reader();
    r.read('a');
    mine.prepare("UPDATE t SET v = 'three' WHERE id = 'a'").run();
    expect(r.read('a')).toEqual({ v: 'three' });
    mine.exec('CREATE TABLE u (x INTEGER)');
    mine.prepare('INSERT INTO u VALUES (1)').run();
    r.read('a');
    expect(r.loads()).toBe(3);
  });

  test('a missing row is never kept: it is looked up again each time', () => {
    const r = reader();
    expect(r.read('zz')).toBeUndefined();
    other.prepare("INSERT INTO t VALUES ('zz', 'new')").run();
    expect(r.read('zz')).toEqual({ v: 'new' });
  });

  test('kept values are frozen, so no caller can change what the next one reads', () => {
    const r = reader();
    const value = r.read('a');
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (value as { v: string }).v = 'changed';
    }).toThrow(TypeError);
  });

  test('past maxEntries the kept values are dropped and read again', () => {
    const r = reader(1);
    r.read('a');
    r.read('b');
    r.read('a');
    expect(r.loads()).toBe(3);
  });
});
