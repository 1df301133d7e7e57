import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../test/helpers/activity.js';
import { DIALECTS } from '../../test/helpers/dialects.js';
import { buildTestApp, call, createTenant, type TestTenant } from '../../test/helpers/test-app.js';

// Real-time scoring keeps profiles' history, their stored baselines and tenants' rules in memory
// (history-cache.ts and the caches of realtime.ts). These tests change each through a second server
// on the same database and check that the first one scores with what the database holds, not what
// it cached.

const DAY = 86_400_000;
const at = (daysAgo: number, hour = 10) =>
  new Date(Date.parse('2026-10-01T00:00:00Z') - daysAgo * DAY + hour * 3_600_000).toISOString();

const weeklyGroceries = () =>
  Array.from({ length: 26 }, (_, w) =>
    transactionBody({ occurred_at: at((w + 2) * 7), amount: 60, channel: 'CARD', counterparty_id: 'GROCER' }),
  );

const wireTo = (payee: string, daysAgo: number) =>
  transactionBody({
    occurred_at: at(daysAgo),
    amount: 4000,
    channel: 'WIRE',
    counterparty_id: payee,
    counterparty_country: 'US',
  });

type Servers = Awaited<ReturnType<typeof buildTestApp>>[];

for (const dialect of DIALECTS) {
  describe(`${dialect}: scoring caches across server processes`, () => {
    const servers: Servers = [];
    beforeAll(async () => {
      const first = await buildTestApp(dialect);
      servers.push(first, await buildTestApp(dialect, { databaseUrl: first.databaseUrl }));
    });
    afterAll(async () => {
      for (const server of servers.reverse()) await server.close();
    });
    const [a, b] = [() => servers[0]!.app, () => servers[1]!.app];

    async function firedRules(
      app: ReturnType<typeof a>,
      tenant: TestTenant,
      profileId: string,
      body: unknown,
    ) {
      const res = await call(app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/transactions`,
        body,
      });
      expect(res.statusCode).toBe(201);
      const id = res.json<{ transactions: { id: string }[] }>().transactions[0]!.id;
      const stored = await call(app, tenant, { url: `/v1/profiles/${profileId}/transactions/${id}` });
      return stored
        .json<{ evaluation: { fired: { rule_name: string }[] } }>()
        .evaluation.fired.map((f) => f.rule_name);
    }

    async function warmProfile() {
      const tenant = await createTenant(servers[0]!);
      const profile = await createProfile(a(), tenant);
      const history = await call(a(), tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: { transactions: weeklyGroceries() },
      });
      expect(history.statusCode).toBe(201);
      // Scored on the first server: it now holds the profile's history and the tenant's rules.
      expect(await firedRules(a(), tenant, profile.id, wireTo('FIRST-PAYEE', 3))).toContain(
        'Large transfer to new payee',
      );
      return { tenant, profile };
    }

    test('activity written through another server is in the history the first one scores with', async () => {
      const { tenant, profile } = await warmProfile();
      const backfill = await call(b(), tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: wireTo('KNOWN-PAYEE', 20),
      });
      expect(backfill.statusCode).toBe(201);

      const fired = await firedRules(a(), tenant, profile.id, wireTo('KNOWN-PAYEE', 1));
      expect(fired).not.toContain('Large transfer to new payee');
    });

    test('a baseline stored through another server is the one the first server judges by', async () => {
      const { tenant, profile } = await warmProfile();
      const asOf = async (app: ReturnType<typeof a>) => {
        const res = await call(app, tenant, { url: `/v1/profiles/${profile.id}/baseline` });
        expect(res.statusCode).toBe(200);
        return res.json<{ as_of: string }>().as_of;
      };
      // The first server stored (and holds) a baseline as of the wire three days before 2026-10-01.
      expect(await asOf(a())).toBe(at(3));
      // The second stores one as of now, after every item of this test.
      const computed = await call(b(), tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/baseline`,
        body: {},
      });
      expect(computed.statusCode).toBe(200);
      const storedAsOf = computed.json<{ as_of: string }>().as_of;
      expect(Date.parse(storedAsOf)).toBeGreaterThan(Date.parse(at(-30)));

      // Ten days after the first baseline: by the cached one (13 days old) the first server would
      // recompute and store a baseline as of this item; by the stored one (later than the item) it
      // judges the item by a transient baseline and leaves the stored one alone.
      expect((await firedRules(a(), tenant, profile.id, wireTo('THIRD-PAYEE', -10))).length).toBeGreaterThan(
        0,
      );
      expect(await asOf(a())).toBe(storedAsOf);
    });

    test('a rule disabled through another server no longer fires on the first one', async () => {
      const { tenant, profile } = await warmProfile();
      const rules = await call(b(), tenant, { url: '/v1/rules?limit=100' });
      const rule = rules
        .json<{ data: { id: string; name: string }[] }>()
        .data.find((r) => r.name === 'Large transfer to new payee');
      expect(rule).toBeDefined();
      const patched = await call(b(), tenant, {
        method: 'PATCH',
        url: `/v1/rules/${rule?.id ?? ''}`,
        body: { enabled: false },
      });
      expect(patched.statusCode).toBe(200);

      const fired = await firedRules(a(), tenant, profile.id, wireTo('SECOND-PAYEE', 1));
      expect(fired).not.toContain('Large transfer to new payee');
      expect(fired.length).toBeGreaterThan(0);
    });

    test('a dismissal with a suppression through another server silences the payee on the first one', async () => {
      const { tenant, profile } = await warmProfile();
      const wire = async (payee: string, daysAgo: number) => {
        const res = await call(a(), tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/transactions`,
          body: wireTo(payee, daysAgo),
        });
        expect(res.statusCode).toBe(201);
        return res.json<{ transactions: { signal_ids: string[] }[] }>().transactions[0]!.signal_ids;
      };
      // The first server has read (and holds) the profile's suppressions: none yet.
      const [signalId] = await wire('NEPHEW', 2);
      expect(signalId).toBeDefined();
      const dismissed = await call(b(), tenant, {
        method: 'POST',
        url: `/v1/signals/${signalId ?? ''}/review`,
        body: {
          status: 'DISMISSED',
          reason: 'KNOWN_COUNTERPARTY',
          suppress: { counterparty_id: 'NEPHEW', days: 30 },
        },
      });
      expect(dismissed.statusCode).toBe(200);

      expect(await wire('NEPHEW', 1)).toEqual([]);
      expect(await wire('OTHER-PAYEE', 0)).toHaveLength(1);
    });
  });
}
