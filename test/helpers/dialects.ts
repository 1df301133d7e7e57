import type { Dialect } from '../../src/config.js';

/** The dialects every store and HTTP suite runs on; VIGIL_TEST_DIALECTS=sqlite narrows it for a quick local run. */
export const DIALECTS: Dialect[] = (process.env.VIGIL_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

export const TEST_POSTGRES_URL =
  process.env.VIGIL_TEST_DATABASE_URL ??
  `postgres://vigil:vigil@127.0.0.1:5432/${process.env.VIGIL_TEST_PG_DB ?? 'vigil_test'}`;
