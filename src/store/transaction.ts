import type { Kysely, Transaction } from 'kysely';
import type { Database } from './database.js';

export type Executor = Kysely<Database> | Transaction<Database>;

/** Runs fn in one database transaction; every call inside must use the trx it receives. */
export function withTransaction<T>(
  db: Kysely<Database>,
  fn: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(fn);
}

/** True for a unique-constraint violation on either dialect (PostgreSQL 23505, SQLite CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** JSON columns are text on both dialects; the caller names the shape it stored. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed read of stored JSON
export function parseJson<T extends object>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
