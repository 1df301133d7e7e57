import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../helpers/activity.js';
import { DIALECTS } from '../helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../helpers/test-app.js';

// api.md §7, row by row.
const TABLE = [
  ['Test Romance', 'SCAM_ROMANCE', 'HIGH', 0.75],
  ['Test Imposter', 'SCAM_GOVERNMENT_IMPOSTER', 'HIGH', 0.75],
  ['Test TechSupport', 'SCAM_TECH_SUPPORT', 'HIGH', 0.75],
  ['Test Grandparent', 'SCAM_PERSON_IN_NEED', 'HIGH', 0.75],
  ['Test Lottery', 'SCAM_LOTTERY_SWEEPSTAKES', 'MEDIUM', 0.5],
  ['Test Investment', 'SCAM_INVESTMENT', 'HIGH', 0.75],
  ['Test Mule', 'MONEY_MULE_VICTIM', 'MEDIUM', 0.5],
  ['Test Takeover', 'ACCOUNT_TAKEOVER', 'CRITICAL', 0.9],
  ['Test Family', 'THEFT_FAMILY', 'HIGH', 0.75],
  ['Test Caregiver', 'THEFT_CAREGIVER', 'HIGH', 0.75],
  ['Test Fiduciary', 'THEFT_FIDUCIARY', 'CRITICAL', 0.9],
  ['Test Capacity', 'DIMINISHED_CAPACITY_INDICATOR', 'LOW', 0.3],
] as const;

for (const dialect of DIALECTS) {
  describe(`${dialect}: sandbox test names (api.md §7)`, () => {
    const t = useTestApp(dialect);
    const debit = (
      tenant: TestTenant,
      profileId: string,
      base: string,
      fields: Record<string, unknown> = {},
    ) =>
      call(t.app, tenant, {
        method: 'POST',
        url: `${base}/profiles/${profileId}/transactions`,
        body: transactionBody({ amount: 12.5, ...fields }),
      });

    test.each(TABLE)(
      '"%s Doe" gets %s, %s, score %s on a small debit',
      async (name, category, severity, score) => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant, { customer_name: `${name} Doe` }, '/sandbox/v1');
        const res = await debit(tenant, profile.id, '/sandbox/v1');
        const signals = res.json<{
          signals: {
            signal_category: string;
            severity: string;
            score: number;
            evidence: { reason: string }[];
          }[];
        }>().signals;
        expect(signals).toHaveLength(1);
        expect(signals[0]).toMatchObject({ signal_category: category, severity, score });
        expect(signals[0]!.evidence[0]!.reason).toMatch(/^Sandbox test name/);
      },
    );

    test('"Test Clean" never raises a signal, even for a large first wire abroad', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(
        t.app,
        tenant,
        { customer_name: 'test clean Person' },
        '/sandbox/v1',
      );
      const res = await debit(tenant, profile.id, '/sandbox/v1', {
        amount: 50_000,
        channel: 'WIRE',
        counterparty_country: 'GH',
        description: 'lottery fee',
      });
      expect(res.json().signals).toEqual([]);
    });

    test('repeated debits update one ACTIVE signal; credits raise nothing; the score stays fixed', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(
        t.app,
        tenant,
        { customer_name: 'Test Romance Roe' },
        '/sandbox/v1',
      );
      const first = (
        await debit(tenant, profile.id, '/sandbox/v1', { occurred_at: '2026-06-01T10:00:00Z' })
      ).json().signals[0];
      const second = (
        await debit(tenant, profile.id, '/sandbox/v1', { occurred_at: '2026-06-02T10:00:00Z' })
      ).json().signals[0];
      expect(second.id).toBe(first.id);
      expect(second.score).toBe(0.75);
      expect(second.evidence).toHaveLength(2);
      const credit = await debit(tenant, profile.id, '/sandbox/v1', {
        direction: 'CREDIT',
        occurred_at: '2026-06-03T10:00:00Z',
      });
      expect(credit.json().signals).toEqual([]);
    });

    test('a name that only starts like a test name, and production, get normal detection', async () => {
      const tenant = await createTenant(t);
      const lookalike = await createProfile(t.app, tenant, { customer_name: 'Test Romancer' }, '/sandbox/v1');
      expect((await debit(tenant, lookalike.id, '/sandbox/v1')).json().signals).toEqual([]);
      const live = await createProfile(t.app, tenant, { customer_name: 'Test Romance Doe' });
      expect((await debit(tenant, live.id, '/v1')).json().signals).toEqual([]);
    });
  });
}
