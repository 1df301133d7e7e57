/**
 * Issue 13, learning from reviews: a counterparty paid in a CONFIRMED signal raises the risk of
 * every later payment to it, for that profile, and (with the opt-in watch list) for the tenant
 * environment's other profiles; never across tenants or environments; reopening withdraws it.
 */
import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-10-02T12:00:00Z');

interface Evidence {
  rule_type: string;
  reason: string;
  transaction_ids: string[];
}
interface SignalJson {
  id: string;
  severity: string;
  recommended_action: string;
  evidence: Evidence[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: confirmed counterparties and the watch list in scoring`, () => {
    const clock = manualClock(NOW);
    const t = useTestApp(dialect, { clock });
    let day = 0;
    const pay = async (
      tenant: TestTenant,
      profileId: string,
      counterparty: string,
      fields: Record<string, unknown> = {},
      base = '/v1',
    ) => {
      day += 1;
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/profiles/${profileId}/transactions`,
        body: transactionBody({
          amount: 40,
          channel: 'CARD',
          counterparty_id: counterparty,
          counterparty_type: 'BUSINESS',
          occurred_at: new Date(NOW - 200 * DAY + day * DAY).toISOString(),
          ...fields,
        }),
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ transactions: { id: string; signal_ids: string[] }[] }>().transactions[0]!;
    };
    // Gift cards of 600 at one seller: "Gift card purchases" fires, HIGH; the analyst confirms it.
    const confirmedScam = async (tenant: TestTenant, profileId: string, seller: string, base = '/v1') => {
      const paid = await pay(tenant, profileId, seller, { amount: 600, channel: 'GIFT_CARD' }, base);
      const signalId = paid.signal_ids[0]!;
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/signals/${signalId}/review`,
        body: { status: 'CONFIRMED', reason: 'SAR_FILED' },
      });
      expect(res.statusCode).toBe(200);
      return signalId;
    };
    const signal = async (tenant: TestTenant, id: string, base = '/v1') =>
      (await call(t.app, tenant, { url: `${base}/signals/${id}` })).json<SignalJson>();
    const setWatchList = async (tenant: TestTenant, on: boolean, base = '/v1') => {
      const res = await call(t.app, tenant, {
        method: 'PATCH',
        url: `${base}/settings`,
        body: { watch_list_enabled: on },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json<{ watch_list_enabled: boolean }>().watch_list_enabled).toBe(on);
    };

    test('a later debit to the confirmed counterparty opens a HIGH-or-above HOLD_PAYMENT signal naming the confirmed one; a credit or another payee does not', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const confirmed = await confirmedScam(tenant, profile.id, 'CP-SCAM');

      expect((await pay(tenant, profile.id, 'CP-SCAM', { direction: 'CREDIT' })).signal_ids).toEqual([]);
      expect((await pay(tenant, profile.id, 'CP-GROCER')).signal_ids).toEqual([]);

      const repeat = await pay(tenant, profile.id, 'CP-SCAM');
      expect(repeat.signal_ids).toHaveLength(1);
      const raised = await signal(tenant, repeat.signal_ids[0]!);
      // HIGH from the rule, CRITICAL when the customer's vulnerability weighs in: both hold the payment.
      expect(['HIGH', 'CRITICAL']).toContain(raised.severity);
      expect(raised.recommended_action).toBe('HOLD_PAYMENT');
      const evidence = raised.evidence.find((e) => e.rule_type === 'CONFIRMED_COUNTERPARTY');
      expect(evidence?.transaction_ids).toEqual([repeat.id]);
      expect(evidence?.reason).toContain(`confirmed as exploitation of this customer in signal ${confirmed}`);

      const audit = await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${confirmed}` });
      const actions = audit.json<{ data: { action: string; changes: Record<string, unknown> }[] }>().data;
      expect(actions.find((a) => a.action === 'signal.counterparties_confirmed')?.changes).toMatchObject({
        confirmed_counterparty_ids: [null, ['CP-SCAM']],
      });
    });

    test('reopening the confirmed signal withdraws the counterparty: later payments no longer fire', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const confirmed = await confirmedScam(tenant, profile.id, 'CP-WITHDRAWN');
      const reopen = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${confirmed}/reopen`,
        body: {},
      });
      expect(reopen.statusCode).toBe(200);
      const later = await pay(tenant, profile.id, 'CP-WITHDRAWN');
      for (const id of later.signal_ids)
        expect((await signal(tenant, id)).evidence.map((e) => e.rule_type)).not.toContain(
          'CONFIRMED_COUNTERPARTY',
        );
      const list = await call(t.app, tenant, { url: '/v1/watch-list' });
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);
      const audit = await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${confirmed}` });
      expect(audit.json<{ data: { action: string }[] }>().data.map((a) => a.action)).toContain(
        'signal.counterparties_withdrawn',
      );
    });

    test('the watch list weighs on other profiles only when opted in, and never across tenants or environments', async () => {
      const tenant = await createTenant(t);
      const victim = await createProfile(t.app, tenant);
      const neighbour = await createProfile(t.app, tenant);
      const confirmed = await confirmedScam(tenant, victim.id, 'CP-RING');

      // Off by default: another profile's payment to it is not raised.
      expect((await pay(tenant, neighbour.id, 'CP-RING')).signal_ids).toEqual([]);

      await setWatchList(tenant, true);
      const paid = await pay(tenant, neighbour.id, 'CP-RING');
      expect(paid.signal_ids).toHaveLength(1);
      const evidence = (await signal(tenant, paid.signal_ids[0]!)).evidence.find(
        (e) => e.rule_type === 'CONFIRMED_COUNTERPARTY',
      );
      expect(evidence?.reason).toContain(
        `on the watch list: confirmed as exploitation of another customer in signal ${confirmed}`,
      );

      // Another tenant with its own watch list on, and the same tenant's sandbox, never see it.
      const other = await createTenant(t);
      const stranger = await createProfile(t.app, other);
      await setWatchList(other, true);
      expect((await pay(other, stranger.id, 'CP-RING')).signal_ids).toEqual([]);
      const sandboxProfile = await createProfile(t.app, tenant, {}, '/sandbox/v1');
      await setWatchList(tenant, true, '/sandbox/v1');
      expect((await pay(tenant, sandboxProfile.id, 'CP-RING', {}, '/sandbox/v1')).signal_ids).toEqual([]);

      // Off again: the neighbour's payments stop being raised; the victim's own still are.
      await setWatchList(tenant, false);
      expect((await pay(tenant, neighbour.id, 'CP-RING')).signal_ids).toEqual([]);
      expect((await pay(tenant, victim.id, 'CP-RING')).signal_ids).toHaveLength(1);
    });

    test('a supervisor removing the entry stops it weighing on other profiles; the confirming profile keeps it', async () => {
      const tenant = await createTenant(t);
      const victim = await createProfile(t.app, tenant);
      const neighbour = await createProfile(t.app, tenant);
      await confirmedScam(tenant, victim.id, 'CP-REMOVED');
      await setWatchList(tenant, true);
      const list = await call(t.app, tenant, { url: '/v1/watch-list' });
      const entry = list.json<{ data: { id: string; counterparty_id: string }[] }>().data[0]!;
      expect(entry.counterparty_id).toBe('CP-REMOVED');

      const removed = await call(t.app, tenant, { method: 'DELETE', url: `/v1/watch-list/${entry.id}` });
      expect(removed.statusCode).toBe(204);
      expect((await pay(tenant, neighbour.id, 'CP-REMOVED')).signal_ids).toEqual([]);
      expect((await pay(tenant, victim.id, 'CP-REMOVED')).signal_ids).toHaveLength(1);
    });
  });
}
