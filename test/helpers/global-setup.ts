import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createDb } from '../../src/store/create-db.js';
import { migrateToLatest } from '../../src/store/migrations/index.js';
import { DIALECTS, TEST_POSTGRES_URL } from './dialects.js';

const ROOT = join(import.meta.dirname, '../..');

function newestSourceMs(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMs(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Tests that start `vigil` as a process run bin/vigil.js, which runs the compiled dist/ as
 * production does: rebuild it (a clean build, as incremental builds were seen to keep a stale
 * output) when any source is newer than the last build.
 */
function ensureBuilt(): void {
  let builtMs = 0;
  try {
    builtMs = statSync(join(ROOT, 'dist/src/cli/main.js')).mtimeMs;
  } catch {
    // never built
  }
  const sourceMs = Math.max(newestSourceMs(join(ROOT, 'src')), newestSourceMs(join(ROOT, 'sdk/src')));
  if (sourceMs <= builtMs) return;
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

/** Builds dist/ if stale; migrates the shared PostgreSQL test database once, failing the run when it cannot be reached. */
export default async function setup(): Promise<void> {
  ensureBuilt();
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
