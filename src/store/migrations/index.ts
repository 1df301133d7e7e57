import { Migrator, type Kysely, type Migration } from 'kysely';
import * as foundation from './2026-11-26-001-foundation.js';
import * as activity from './2026-11-26-002-activity-baselines.js';
import * as detection from './2026-11-26-003-detection.js';
import * as webhooks from './2026-11-26-004-webhooks.js';
import * as batchRuns from './2026-11-26-005-batch-runs.js';
import * as cacheVersions from './2026-11-26-006-cache-versions.js';
import * as usersSessions from './2026-12-03-007-users-sessions.js';
import * as caseWorkflow from './2026-12-03-008-case-workflow.js';
import * as hardeningApi from './2026-12-03-009-hardening-api.js';
import * as hardeningData from './2026-12-03-010-hardening-data.js';
import * as backtests from './2026-12-03-013-backtests.js';
import * as lateData from './2026-12-03-012-late-data.js';
import * as scoringSpeed from './2026-12-03-014-scoring-speed.js';
import * as batchSpeed from './2026-12-03-016-batch-speed.js';
import * as watchList from './2026-12-03-011-watch-list.js';
import * as realtimeSpeed from './2026-12-03-015-realtime-speed.js';

// Listed here rather than read from disk, so the same set runs from source, from dist/ and in tests.
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-26-001-foundation': foundation,
  '2026-11-26-002-activity-baselines': activity,
  '2026-11-26-003-detection': detection,
  '2026-11-26-004-webhooks': webhooks,
  '2026-11-26-005-batch-runs': batchRuns,
  '2026-11-26-006-cache-versions': cacheVersions,
  '2026-12-03-007-users-sessions': usersSessions,
  '2026-12-03-008-case-workflow': caseWorkflow,
  '2026-12-03-009-hardening-api': hardeningApi,
  '2026-12-03-010-hardening-data': hardeningData,
  '2026-12-03-011-watch-list': watchList,
  '2026-12-03-012-late-data': lateData,
  '2026-12-03-013-backtests': backtests,
  '2026-12-03-014-scoring-speed': scoringSpeed,
  '2026-12-03-015-realtime-speed': realtimeSpeed,
  '2026-12-03-016-batch-speed': batchSpeed,
};

/** Brings the schema up to `name` (inclusive): for tests of what a migration does to older data. */
export async function migrateUpTo<T>(db: Kysely<T>, name: string): Promise<void> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error } = await migrator.migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}

/** Brings the schema up to date on either dialect; concurrent callers are serialised by Kysely's lock table. */
export async function migrateToLatest<T>(db: Kysely<T>): Promise<string[]> {
  const migrator = new Migrator({
    db: db as Kysely<unknown>,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
