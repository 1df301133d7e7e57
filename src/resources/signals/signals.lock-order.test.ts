import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';

// PostgreSQL only: SQLite has one writer, so it cannot deadlock. Review and reopen used to lock the
// signal, then the profile; ingest and batch runs lock the profile, then its signals.
const dialects = DIALECTS.filter((d) => d === 'postgres');

for (const dialect of dialects) {
  describe(`${dialect}: one lock order (profile, then signal)`, () => {
    const t = useTestApp(dialect);

    const ingest = (tenant: TestTenant, profileId: string, second: number) =>
      call(t.app, tenant, {
        method: 'POST',
        url: `/sandbox/v1/profiles/${profileId}/transactions`,
        body: transactionBody({ occurred_at: `2026-06-01T10:00:${String(second).padStart(2, '0')}Z` }),
      });

    const deadlocks = async () => {
      await sql`select pg_stat_force_next_flush()`.execute(t.db.kysely);
      const { rows } = await sql<{ deadlocks: string }>`
        select deadlocks from pg_stat_database where datname = current_database()`.execute(t.db.kysely);
      return Number(rows[0]?.deadlocks ?? 0);
    };

    test('parallel reviews, reopens and ingests on the same profiles never deadlock and never answer 500', async () => {
      const tenant = await createTenant(t);
      const before = await deadlocks();
      const statuses: number[] = [];
      for (let trial = 0; trial < 8; trial++) {
        // Test-name profiles fire on every debit: each ingest joins the profile's ACTIVE signal.
        const profiles = await Promise.all(
          [1, 2].map(() =>
            createProfile(t.app, tenant, { customer_name: 'Test Romance Hill' }, '/sandbox/v1'),
          ),
        );
        const signalIds = await Promise.all(
          profiles.map(async (p) => {
            const res = await ingest(tenant, p.id, 0);
            return res.json<{ signals: { id: string }[] }>().signals[0]?.id ?? '';
          }),
        );
        const work = profiles.flatMap((p, i) => [
          call(t.app, tenant, {
            method: 'POST',
            url: `/sandbox/v1/signals/${signalIds[i] ?? ''}/review`,
            body: { status: 'DISMISSED', reason: 'OTHER', notes: `trial ${trial}` },
          }),
          ingest(tenant, p.id, 1),
          ingest(tenant, p.id, 2),
          ingest(tenant, p.id, 3),
        ]);
        statuses.push(...(await Promise.all(work)).map((r) => r.statusCode));
        const reopens = await Promise.all([
          ...signalIds.map((id) =>
            call(t.app, tenant, { method: 'POST', url: `/sandbox/v1/signals/${id}/reopen`, body: {} }),
          ),
          ...profiles.map((p) => ingest(tenant, p.id, 4)),
        ]);
        statuses.push(...reopens.map((r) => r.statusCode));
      }
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.every((s) => s === 200 || s === 201)).toBe(true);
      expect((await deadlocks()) - before).toBe(0);
    }, 120_000);
  });
}
