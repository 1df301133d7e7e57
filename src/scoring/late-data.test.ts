/**
 * Issue 13, late data: an item that arrives after later items of its profile were scored re-scores
 * what it changes; evidence that no longer holds is retracted and stays in the signal's history.
 */
import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../test/helpers/activity.js';
import { DIALECTS } from '../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../test/helpers/test-app.js';
import { manualClock } from '../lib/clock.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-02T12:00:00Z');
const at = (days: number) => new Date(NOW - 60 * DAY + days * DAY).toISOString();

interface EvidenceJson {
  rule_name: string;
  transaction_ids: string[];
  event_ids: string[];
  retracted_at?: string;
  retraction_reason?: string;
}
interface SignalJson {
  id: string;
  status: string;
  score: number;
  evidence: EvidenceJson[];
  retracted_evidence: EvidenceJson[];
  retracted_at: string | null;
  review: unknown;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: late data`, () => {
    const t = useTestApp(dialect, { clock: manualClock(NOW) });

    const ingest = async (tenant: TestTenant, profileId: string, body: Record<string, unknown>) => {
      const kind = 'event_type' in body ? 'events' : 'transactions';
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profileId}/${kind}`,
        body,
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ transactions?: { id: string }[]; events?: { id: string }[] }>();
    };
    const signals = async (tenant: TestTenant, profileId: string) => {
      const res = await call(t.app, tenant, {
        method: 'GET',
        url: `/v1/signals?profile_id=${profileId}&limit=100`,
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ data: SignalJson[] }>().data;
    };
    const bigTransfer = (days: number, payee: string) =>
      transactionBody({
        amount: 4000,
        channel: 'P2P',
        counterparty_id: payee,
        counterparty_type: 'INDIVIDUAL',
        occurred_at: at(days),
      });

    test('a late earlier payment to the payee retracts the new-payee evidence; the history shows it', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
      const [before] = await signals(tenant, profile.id);
      expect(before?.evidence.map((e) => e.rule_name)).toContain('Large transfer to new payee');

      // A payment to the same payee 100 days earlier arrives late: the payee was not new.
      await ingest(
        tenant,
        profile.id,
        transactionBody({
          amount: 50,
          channel: 'P2P',
          counterparty_id: 'NEPHEW',
          counterparty_type: 'INDIVIDUAL',
          occurred_at: at(-100),
        }),
      );
      const res = await call(t.app, tenant, { method: 'GET', url: `/v1/signals/${before!.id}` });
      const after = res.json<SignalJson>();
      expect(after.evidence.map((e) => e.rule_name)).not.toContain('Large transfer to new payee');
      const retracted = after.retracted_evidence.find((e) => e.rule_name === 'Large transfer to new payee');
      expect(retracted?.retracted_at).toBeDefined();
      expect(retracted?.retraction_reason).toMatch(/no longer holds/);
      const audit = await call(t.app, tenant, {
        method: 'GET',
        url: `/v1/audit-events?resource_type=signal&resource_id=${before!.id}`,
      });
      expect(JSON.stringify(audit.json())).toMatch(/retracted_evidence/);
    });

    test('a late contact change makes a later outflow newly fire: evidence added', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await ingest(
        tenant,
        profile.id,
        transactionBody({
          amount: 3000,
          channel: 'ONLINE_TRANSFER',
          counterparty_id: 'ACME',
          counterparty_type: 'BUSINESS',
          occurred_at: at(20),
        }),
      );
      const before = await signals(tenant, profile.id);
      await ingest(tenant, profile.id, eventBody({ event_type: 'PHONE_CHANGE', occurred_at: at(19) }));
      const after = await signals(tenant, profile.id);
      const names = after.flatMap((s) => s.evidence.map((e) => e.rule_name));
      expect(names).toContain('Contact change then outflow');
      expect(before.flatMap((s) => s.evidence.map((e) => e.rule_name))).not.toContain(
        'Contact change then outflow',
      );
    });
  });
}
