/**
 * Issue 13, late data: an item that arrives after later items of its profile were scored re-scores
 * what it changes; evidence that no longer holds is retracted and stays in the signal's history.
 */
import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../test/helpers/activity.js';
import { DIALECTS } from '../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../test/helpers/test-app.js';
import { deliveredTypes, subscribe } from '../../test/helpers/webhooks.js';
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
      const webhook = await subscribe(t.app, tenant, ['signal.updated']);

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
      expect(await deliveredTypes(t.app, tenant, webhook)).toEqual(['signal.updated']);
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

    test('a signal that loses all its evidence leaves the ACTIVE queue, retracted, its history kept', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      // 2,000 to a new person: only the new-payee rule fires (below the large-debit floor of 2,500).
      const payee = { channel: 'P2P', counterparty_id: 'NEIGHBOUR', counterparty_type: 'INDIVIDUAL' };
      await ingest(tenant, profile.id, transactionBody({ ...payee, amount: 2000, occurred_at: at(20) }));
      const [opened] = await signals(tenant, profile.id);
      expect(opened?.status).toBe('ACTIVE');
      // Paid before: the payee is not new, so nothing fires on the transfer any more.
      await ingest(tenant, profile.id, transactionBody({ ...payee, amount: 40, occurred_at: at(-30) }));
      const res = await call(t.app, tenant, { method: 'GET', url: `/v1/signals/${opened!.id}` });
      const after = res.json<SignalJson>();
      expect(after).toMatchObject({ status: 'DISMISSED', review: null, evidence: [] });
      expect(after.retracted_at).not.toBeNull();
      expect(after.retracted_evidence.length).toBe(opened!.evidence.length);
      const queue = await call(t.app, tenant, {
        method: 'GET',
        url: `/v1/signals?status=ACTIVE&profile_id=${profile.id}`,
      });
      expect(queue.json<{ data: unknown[] }>().data).toEqual([]);
      const audit = await call(t.app, tenant, {
        method: 'GET',
        url: `/v1/audit-events?action=signal.retracted&resource_id=${opened!.id}`,
      });
      expect(audit.json<{ data: unknown[] }>().data).toHaveLength(1);
    });

    test('a reviewed signal that loses evidence keeps its review; its history records the retraction', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
      const [opened] = await signals(tenant, profile.id);
      const review = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${opened!.id}/review`,
        body: { status: 'CONFIRMED', reason: 'CUSTOMER_CONFIRMED' },
      });
      expect(review.statusCode).toBe(200);
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
      const after = (
        await call(t.app, tenant, { method: 'GET', url: `/v1/signals/${opened!.id}` })
      ).json<SignalJson>();
      expect(after.status).toBe('CONFIRMED');
      expect(after.review).toEqual(review.json<SignalJson>().review);
      expect(after.retracted_evidence.map((e) => e.rule_name)).toContain('Large transfer to new payee');
      expect(after.evidence.map((e) => e.rule_name)).not.toContain('Large transfer to new payee');
    });

    test('a late item older than the lookback and baseline windows changes nothing', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
      const before = await signals(tenant, profile.id);
      // 500 days before: beyond the 400 days of history scoring reads, so beyond every rule's look-back
      // (new payee 365 days, baseline 180) and the dormancy rule's idle count too: an item inside them
      // would rightly change the result, as it would had it arrived in order.
      await ingest(
        tenant,
        profile.id,
        transactionBody({
          amount: 50,
          channel: 'P2P',
          counterparty_id: 'NEPHEW',
          counterparty_type: 'INDIVIDUAL',
          occurred_at: at(-470),
        }),
      );
      const after = await signals(tenant, profile.id);
      expect(after).toEqual(before);
      expect(after[0]?.retracted_evidence).toEqual([]);
    });

    test('an item earlier than backfilled history (?scoring=false) is not late: nothing is replayed or re-scored', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const backfill = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: bigTransfer(30, 'NEPHEW'),
      });
      expect(backfill.statusCode).toBe(201);
      const backfilledId = backfill.json<{ transactions: { id: string }[] }>().transactions[0]!.id;
      await ingest(tenant, profile.id, bigTransfer(20, 'NIECE'));
      // A replay would have scored the later backfilled transfer and written its evaluation.
      const res = await call(t.app, tenant, {
        url: `/v1/profiles/${profile.id}/transactions/${backfilledId}`,
      });
      expect(res.json<{ evaluation?: unknown }>().evaluation ?? null).toBeNull();
    });

    test('a replay keeps backfilled items (?scoring=false) after the late one as history: never scored', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
      const backfill = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: bigTransfer(40, 'NIECE'),
      });
      expect(backfill.statusCode).toBe(201);
      const backfilledId = backfill.json<{ transactions: { id: string }[] }>().transactions[0]!.id;
      // Late against the scored transfer of day 30: the profile is replayed from day 10 on.
      const late = await ingest(tenant, profile.id, bigTransfer(10, 'COUSIN'));
      const lateId = late.transactions![0]!.id;
      const evaluation = async (id: string) =>
        (await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions/${id}` })).json<{
          evaluation?: { fired?: unknown[] } | null;
        }>().evaluation ?? null;
      expect(await evaluation(lateId)).not.toBeNull();
      expect(await evaluation(backfilledId)).toBeNull();
      const evidenceIds = (await signals(tenant, profile.id)).flatMap((s) =>
        s.evidence.flatMap((e) => e.transaction_ids),
      );
      expect(evidenceIds).toContain(lateId);
      expect(evidenceIds).not.toContain(backfilledId);
    });

    test('late against a scored item behind more than 500 backfilled later ones: still replayed', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
      // 600 later items never scored: lateness is looked up by ID in several statements.
      const backfill = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/transactions?scoring=false',
        body: {
          transactions: Array.from({ length: 600 }, (_, i) =>
            transactionBody({
              profile_id: profile.id,
              amount: 5,
              occurred_at: new Date(Date.parse(at(31)) + i * 60_000).toISOString(),
            }),
          ),
        },
      });
      expect(backfill.statusCode).toBe(201);
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
      const [signal] = await signals(tenant, profile.id);
      expect(signal?.retracted_evidence.map((e) => e.rule_name)).toContain('Large transfer to new payee');
    });

    test('a late item in a bulk request of several profiles is replayed with the evaluations of that request', async () => {
      const tenant = await createTenant(t);
      const other = await createProfile(t.app, tenant);
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/transactions',
        body: {
          transactions: [
            { ...bigTransfer(31, 'FRIEND'), profile_id: other.id },
            // Late, and itself the first large transfer to the payee: the replay must score it too.
            { ...bigTransfer(-100, 'NEPHEW'), profile_id: profile.id },
          ],
        },
      });
      expect(res.statusCode).toBe(201);
      const lateId = res.json<{ transactions: { id: string }[] }>().transactions[1]!.id;
      const all = await signals(tenant, profile.id);
      expect(all.flatMap((s) => s.retracted_evidence.map((e) => e.rule_name))).toContain(
        'Large transfer to new payee',
      );
      expect(all.flatMap((s) => s.evidence.flatMap((e) => e.transaction_ids))).toContain(lateId);
      for (const [owner, item] of [
        [other.id, res.json<{ transactions: { id: string }[] }>().transactions[0]!.id],
        [profile.id, res.json<{ transactions: { id: string }[] }>().transactions[1]!.id],
      ]) {
        const stored = await call(t.app, tenant, { url: `/v1/profiles/${owner}/transactions/${item}` });
        expect(stored.json<{ evaluation: unknown }>().evaluation).not.toBeNull();
      }
    });

    test("another tenant cannot read a signal's history: its ID is 404", async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t, 'Other Bank');
      const profile = await createProfile(t.app, tenant);
      await ingest(tenant, profile.id, bigTransfer(30, 'NEPHEW'));
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
      const [signal] = await signals(tenant, profile.id);
      expect(signal?.retracted_evidence.length).toBeGreaterThan(0);
      const res = await call(t.app, other, { method: 'GET', url: `/v1/signals/${signal!.id}` });
      expect(res.statusCode).toBe(404);
      const list = await call(t.app, other, { method: 'GET', url: '/v1/signals?limit=100' });
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);
      const audit = await call(t.app, other, {
        method: 'GET',
        url: `/v1/audit-events?resource_id=${signal!.id}`,
      });
      expect(audit.json<{ data: unknown[] }>().data).toEqual([]);
    });
  });
}
