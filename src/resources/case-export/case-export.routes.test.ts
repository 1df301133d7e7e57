import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { productionSignal, sandboxSignal } from '../../../test/helpers/signals.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

interface Evidence {
  rule_id: string;
  rule_name: string;
  transaction_ids: string[];
  event_ids: string[];
}
interface ExportJson {
  confidential: boolean;
  key_term: string;
  classification: { type: string; typology: string };
  victim: Record<string, unknown>;
  suspected_counterparties: {
    counterparty_id: string | null;
    total_debited: number;
    event_types: string[];
  }[];
  activity: { involved: { debits_total: number; transaction_count: number; event_count: number } };
  signal: { id: string; evidence: Evidence[]; amount_at_risk: number };
  transactions: { id: string; amount: number; direction: string; rules: { rule_id: string }[] }[];
  events: { id: string; rules: { rule_id: string }[] }[];
  notes: { body: string }[];
  audit: { action: string; resource_id: string }[];
  narrative: { who: string; what: string; when: string; where: string; how: string; text: string };
}

/** A production case: a new payee added for a "grandson", then gift cards and a wire to him. */
async function caseOn(t: TestApp, tenant: TestTenant, name: string, payee: string) {
  const profile = await createProfile(t.app, tenant, {
    customer_name: name,
    trusted_contact: { name: 'Ruth Hill', relationship: 'daughter', phone: '+15550100' },
  });
  const post = (path: string, body: unknown) =>
    call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profile.id}/${path}`, body });
  const event = await post(
    'events',
    eventBody({ event_type: 'PAYEE_ADDED', party_id: payee, occurred_at: '2026-09-30T09:00:00Z' }),
  );
  const ingest = await post('transactions', {
    transactions: [
      transactionBody({
        occurred_at: '2026-10-01T10:00:00Z',
        amount: 700,
        channel: 'GIFT_CARD',
        counterparty_id: payee,
      }),
      transactionBody({
        occurred_at: '2026-10-01T11:00:00Z',
        amount: 2500.5,
        channel: 'WIRE',
        counterparty_id: payee,
        counterparty_country: 'NG',
      }),
    ],
  });
  const signals = ingest.json<{ signals: { id: string }[] }>().signals;
  return { profile, signalId: signals[signals.length - 1]!.id, eventId: event.json().events[0].id as string };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /signals/{id}/export and /export.html`, () => {
    const t = useTestApp(dialect);
    const exportJson = (tenant: TestTenant, id: string) =>
      call(t.app, tenant, { url: `/v1/signals/${id}/export` });

    test('the JSON export holds every evidence item with its rules, the victim, counterparties, totals, notes, review, audit and narrative', async () => {
      const tenant = await createTenant(t);
      const { profile, signalId } = await caseOn(t, tenant, 'Margaret Hill', 'GRANDSON-7');
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${signalId}/notes`,
        body: { body: 'Spoke with daughter Ruth.' },
      });
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${signalId}/review`,
        body: { status: 'CONFIRMED', reason: 'SAR_FILED', notes: 'SAR to follow' },
      });
      const res = await exportJson(tenant, signalId);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      const body = res.json<ExportJson>();
      expect(body).toMatchObject({
        confidential: true,
        key_term: 'EFE FIN-2022-A002',
        victim: {
          profile_id: profile.id,
          customer_name: 'Margaret Hill',
          age: expect.any(Number),
          trusted_contact: { name: 'Ruth Hill', relationship: 'daughter' },
        },
        notes: [{ body: 'Spoke with daughter Ruth.' }],
        signal: { id: signalId, status: 'CONFIRMED', review: { reason: 'SAR_FILED' } },
      });
      expect(['THEFT', 'SCAM', 'UNDETERMINED']).toContain(body.classification.type);
      // Every transaction and event named by the evidence is in the file, and every rule that fired is on its item.
      const evidence = body.signal.evidence;
      const txIds = new Set(evidence.flatMap((e) => e.transaction_ids));
      const evIds = new Set(evidence.flatMap((e) => e.event_ids));
      expect(txIds.size).toBeGreaterThan(0);
      expect(new Set(body.transactions.map((x) => x.id))).toEqual(txIds);
      expect(new Set(body.events.map((x) => x.id))).toEqual(evIds);
      for (const ev of evidence)
        for (const id of [...ev.transaction_ids, ...ev.event_ids]) {
          const item = [...body.transactions, ...body.events].find((x) => x.id === id);
          expect(item?.rules.map((r) => r.rule_id)).toContain(ev.rule_id);
        }
      const debited = body.transactions
        .filter((x) => x.direction === 'DEBIT')
        .reduce((s, x) => s + x.amount, 0);
      expect(body.activity.involved.debits_total).toBe(Math.round(debited * 100) / 100);
      expect(body.activity.involved.transaction_count).toBe(body.transactions.length);
      expect(body.suspected_counterparties[0]).toMatchObject({ counterparty_id: 'GRANDSON-7' });
      expect(body.audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['signal.created', 'signal.note_added', 'signal.reviewed', 'signal.exported']),
      );
      expect(body.narrative.text).toContain('EFE FIN-2022-A002');
      expect(body.narrative.who).toContain('Margaret Hill');
      expect(body.narrative.who).toContain('GRANDSON-7');
      for (const part of ['what', 'when', 'where', 'how'] as const)
        expect(body.narrative[part].length).toBeGreaterThan(10);
    });

    test("nothing of another tenant's case appears, and another tenant gets 404", async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const mine = await caseOn(t, tenant, 'Margaret Hill', 'GRANDSON-7');
      const theirs = await caseOn(t, other, 'Walter Otherbank', 'STRANGER-9');
      const text = (await exportJson(tenant, mine.signalId)).body;
      for (const foreign of [
        other.tenantId,
        theirs.profile.id,
        theirs.signalId,
        theirs.eventId,
        'Walter Otherbank',
        'STRANGER-9',
      ])
        expect(text).not.toContain(foreign);
      for (const url of [`/v1/signals/${mine.signalId}/export`, `/v1/signals/${mine.signalId}/export.html`]) {
        const res = await call(t.app, other, { url });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'SIGNAL_NOT_FOUND' });
      }
    });

    test('the HTML page is self-contained, escaped, marked CONFIDENTIAL and lists every item', async () => {
      const tenant = await createTenant(t);
      const { signalId } = await caseOn(t, tenant, 'Margaret <b>Hill</b>', 'GRANDSON-7');
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${signalId}/notes`,
        body: { body: '<script>alert("x")</script> <img src="https://evil.example/p.png">' },
      });
      const res = await call(t.app, tenant, { url: `/v1/signals/${signalId}/export.html` });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      const html = res.body;
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain('CONFIDENTIAL');
      expect(html).toContain('EFE FIN-2022-A002');
      // No tag loads or links anything: the escaped note stays text.
      expect(html).not.toMatch(/<script|<img|<link|<iframe|<[^>]*\s(src|href)=|url\(|@import/i);
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(html).toContain('Margaret &lt;b&gt;Hill&lt;/b&gt;');
      const json = (await exportJson(tenant, signalId)).json<ExportJson>();
      for (const item of [...json.transactions, ...json.events]) expect(html).toContain(item.id);
      expect(html).toContain('Ruth Hill');
    });

    test('each export is audited with its format', async () => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      await exportJson(tenant, signal.id);
      await call(t.app, tenant, { url: `/v1/signals/${signal.id}/export.html` });
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${signal.id}&action=signal.exported` })
      ).json<{ data: { changes: unknown }[] }>().data;
      expect(audit.map((a) => a.changes)).toEqual([{ format: [null, 'html'] }, { format: [null, 'json'] }]);
    });

    test('is refused in the sandbox with 403 and records nothing; unknown signals are 404', async () => {
      const tenant = await createTenant(t);
      const signal = await sandboxSignal(t.app, tenant, 'Romance', [400]);
      for (const url of [
        `/sandbox/v1/signals/${signal.id}/export`,
        `/sandbox/v1/signals/${signal.id}/export.html`,
      ]) {
        const res = await call(t.app, tenant, { url });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({
          error: 'Forbidden',
          code: 'FORBIDDEN',
          message: 'case export is available in production only',
        });
      }
      const audit = await call(t.app, tenant, { url: `/sandbox/v1/audit-events?action=signal.exported` });
      expect(audit.json().data).toEqual([]);
      const unknown = await exportJson(tenant, '01890000-0000-7000-8000-000000000000');
      expect(unknown.json()).toMatchObject({ status: 404, code: 'SIGNAL_NOT_FOUND' });
      expect((await exportJson(tenant, 'nope')).json()).toMatchObject({
        status: 400,
        message: 'invalid signal ID',
      });
    });

    for (const suffix of ['export', 'export.html'])
      describe(`GET /signals/{id}/${suffix} security`, () => {
        describeRouteSecurity(t, {
          method: 'GET',
          path: (id) => `/signals/${id}/${suffix}`,
          scope: 'signals:read',
          setup: async (app, owner) => (await productionSignal(app.app, owner)).id,
        });
      });
  });
}
