import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../test/helpers/activity.js';
import { DIALECTS } from '../../test/helpers/dialects.js';
import { buildTestApp, call, createTenant } from '../../test/helpers/test-app.js';
import { queryTime } from '../store/query-time.js';

// On PostgreSQL a scored request mostly waits on statement round trips (issue 14), so the number of
// statements one scored single-transaction request sends is held to a budget. Kysely reports each
// statement on PostgreSQL only (create-db.ts), so this runs there.

const DAY = 86_400_000;
const at = (daysAgo: number) => new Date(Date.parse('2026-10-01T10:00:00Z') - daysAgo * DAY).toISOString();

describe.runIf(DIALECTS.includes('postgres'))('postgres: statements per scored request', () => {
  let server: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    server = await buildTestApp('postgres');
  });
  afterAll(async () => {
    await server.close();
  });

  test('a warm single scored transaction sends 10 statements, none for the baseline or suppressions', async () => {
    const tenant = await createTenant(server);
    const profile = await createProfile(server.app, tenant);
    const history = Array.from({ length: 40 }, (_, i) =>
      transactionBody({ occurred_at: at(200 - i * 5), amount: 60, counterparty_id: 'GROCER' }),
    );
    const backfill = await call(server.app, tenant, {
      method: 'POST',
      url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
      body: { transactions: history },
    });
    expect(backfill.statusCode).toBe(201);
    const post = (daysAgo: number) =>
      call(server.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: transactionBody({ occurred_at: at(daysAgo), amount: 55, counterparty_id: 'GROCER' }),
      });
    expect((await post(3)).statusCode).toBe(201);

    const sqls: string[] = [];
    queryTime.onStatement = (sql) => sqls.push(sql);
    try {
      expect((await post(2)).statusCode).toBe(201);
    } finally {
      delete queryTime.onStatement;
    }
    // 14 before issue 14's caches; now: rate limit, begin, profile FOR UPDATE, insert, activity
    // version, audit, settings, signals (ACTIVE and CONFIRMED at once), evaluation, commit.
    expect(sqls, sqls.join('\n')).toHaveLength(10);
    // The suppressions come from memory while the profile's suppressions version stands.
    expect(sqls.filter((q) => q.includes('from "suppressions"'))).toEqual([]);
    // The stored baseline comes from memory while the profile's baseline version stands.
    expect(sqls.filter((q) => q.includes('from "baselines"'))).toEqual([]);
    // The risk did not change: the only profile write is the ingest's activity version.
    expect(sqls.filter((q) => /^update "profiles"/.test(q))).toHaveLength(1);
  });
});
