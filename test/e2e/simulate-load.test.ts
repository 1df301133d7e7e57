import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { load } from '../../src/cli/load/load.js';
import { writePopulation } from '../../src/simulator/write.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildTestApp, call, createTenant } from '../helpers/test-app.js';

const dir = mkdtempSync(join(tmpdir(), 'vigil-sim-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: vigil load`, () => {
    test('pushes a simulated population through the HTTP API, history unscored then live, idempotently', async () => {
      const out = join(dir, dialect);
      const manifest = await writePopulation(out, { profiles: 12, months: 3, seed: 3, scenarioRate: 0.5 });
      const built = await buildTestApp(dialect, { env: { RATE_LIMIT_PRODUCTION_PER_MINUTE: '100000' } });
      const progress = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      try {
        const address = await built.app.listen({ port: 0, host: '127.0.0.1' });
        const tenant = await createTenant(built);
        const args = [
          out,
          '--url',
          `${address}/v1`,
          '--tenant',
          tenant.tenantId,
          '--key',
          tenant.productionKey,
          '--baselines',
        ];
        const summary = await load(args);
        expect(summary.profiles).toBe(12);
        expect(summary.historyTransactions + summary.liveTransactions).toBe(manifest.counts.transactions);
        expect(summary.liveTransactions).toBeGreaterThan(0);
        expect(summary.events).toBe(manifest.counts.events);

        const firstCustomer = JSON.parse(
          readFileSync(join(out, 'profiles.jsonl'), 'utf8').split('\n')[0]!,
        ) as { customer_id: string };
        const profiles = (
          await call(built.app, tenant, { url: `/v1/profiles?customer_id=${firstCustomer.customer_id}` })
        ).json();
        const profileId = profiles.data[0].id as string;
        const baseline = await call(built.app, tenant, { url: `/v1/profiles/${profileId}/baseline` });
        expect(baseline.statusCode).toBe(200);

        // Loading the same directory again changes nothing: every row is reported as a duplicate.
        const again = await load(args);
        expect(again.historyTransactions + again.liveTransactions).toBe(manifest.counts.transactions);
        const stored = await built.db.kysely
          .selectFrom('transactions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('tenant_id', '=', tenant.tenantId)
          .executeTakeFirstOrThrow();
        expect(stored.n).toBe(manifest.counts.transactions);
      } finally {
        progress.mockRestore();
        await built.close();
      }
    });
  });
}
