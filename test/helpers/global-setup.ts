import { createDb } from '../../src/store/create-db.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import { DIALECTS, TEST_POSTGRES_URL } from './dialects.js';

/** Migrates the shared PostgreSQL test database once; fails the run when it cannot be reached. */
export default async function setup(): Promise<void> {
  if (!DIALECTS.includes('postgres')) return;
  const db = createDb(TEST_POSTGRES_URL, { poolSize: 2 });
  try {
    await migrateToLatest(db.kysely);
  } catch (error) {
    throw new Error(
      `PostgreSQL test database ${TEST_POSTGRES_URL.replace(/:[^:@/]+@/, ':***@')} is unreachable: run scripts/ensure-postgres.sh ` +
        `(npm test does) or set VIGIL_TEST_DIALECTS=sqlite. Cause: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    await db.close();
  }
}
