/**
 * Issue 13, learning from reviews, in batch runs: a batch run re-scoring a window sees the profile's
 * confirmed counterparties as real-time scoring does (the batch pass carries them as a plain map, so
 * they cross to scoring threads too).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { batchWorker, waitForRun } from '../../../test/helpers/batch-worker.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { confirmPayment } from './watch-list.testing.js';

interface SignalJson {
  batch_run_id: string | null;
  evidence: { rule_type: string; transaction_ids: string[] }[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: confirmed counterparties in batch runs`, () => {
    const worker = batchWorker(dialect);
    const t = useTestApp(dialect, { jobs: worker.jobs });
    beforeAll(() => worker.release(t));
    afterAll(() => worker.close());

    const backfill = async (tenant: TestTenant, profileId: string, counterparty: string, at: string) => {
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/transactions?scoring=false`,
        body: transactionBody({
          amount: 40,
          channel: 'CARD',
          counterparty_id: counterparty,
          counterparty_type: 'BUSINESS',
          occurred_at: at,
        }),
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ transactions: { id: string }[] }>().transactions[0]!.id;
    };

    test('a batch run raises a later debit to the confirmed counterparty, and not one to another payee', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await confirmPayment(t, tenant, 'CP-BATCH', {
        profileId: profile.id,
        occurredAt: '2026-06-01T10:00:00.000Z',
      });
      const toConfirmed = await backfill(tenant, profile.id, 'CP-BATCH', '2026-06-10T10:00:00.000Z');
      const toGrocer = await backfill(tenant, profile.id, 'CP-GROCER', '2026-06-11T10:00:00.000Z');

      const started = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/batch-runs',
        body: {
          profile_ids: [profile.id],
          from: '2026-06-05T00:00:00.000Z',
          to: '2026-06-20T00:00:00.000Z',
        },
      });
      expect(started.statusCode).toBe(202);
      const run = await waitForRun(t, tenant, started.json<{ id: string }>().id);
      expect(run.status).toBe('COMPLETED');

      const signals = (
        await call(t.app, tenant, { url: `/v1/signals?profile_id=${profile.id}&limit=100` })
      ).json<{ data: SignalJson[] }>().data;
      const fired = signals.flatMap((s) =>
        s.evidence.filter((e) => e.rule_type === 'CONFIRMED_COUNTERPARTY').map((e) => e.transaction_ids),
      );
      expect(fired).toEqual([[toConfirmed]]);
      expect(fired.flat()).not.toContain(toGrocer);
    });
  });
}
