import { describe, expect, test } from 'vitest';
import { transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  call,
  createTenant,
  profileBody,
  useTestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

// Values only this test writes: after the deletion none may be found anywhere in the database.
const NAME = 'Test Romance Philippa Quennell';
const NEW_NAME = 'Test Romance Philippa Quennell-Ashby';
const DOB = '1938-07-14';
const NOTES = 'Lives alone at Wisteria Cottage; nephew Rupert manages her post';
const CONTACT = {
  name: 'Rupert Quennell',
  relationship: 'nephew',
  phone: '+44 7700 900123',
  email: 'rupert.q@example.org',
};
const REVIEW_NOTES = 'Called Philippa: she said Rupert asked for the transfer';
const SECRETS = [
  NAME,
  'Quennell',
  DOB,
  'Wisteria',
  'Rupert',
  '7700 900123',
  'rupert.q@example.org',
  'Philippa',
];

interface AuditJson {
  action: string;
  resource_type: string;
  resource_id: string;
  changes: Record<string, [unknown, unknown]> | null;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: personal data after a profile is deleted`, () => {
    const t = useTestApp(dialect);
    const base = '/sandbox/v1';

    async function everythingStored(tenant: TestTenant): Promise<string> {
      const k = t.db.kysely;
      const audit = await k
        .selectFrom('audit_events')
        .selectAll()
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      const events = await k
        .selectFrom('webhook_events')
        .selectAll()
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      const deliveries = await k
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      const replays = await k
        .selectFrom('idempotency_keys')
        .selectAll()
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      return JSON.stringify({ audit, events, deliveries, replays });
    }

    test('audit events record which personal fields changed, never their values', async () => {
      const tenant = await createTenant(t);
      const created = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/profiles`,
        body: profileBody({ customer_name: NAME, date_of_birth: DOB, enrollment_notes: NOTES }),
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `${base}/profiles/${id}`,
        body: { customer_name: NEW_NAME, trusted_contact: CONTACT, status: 'SUSPENDED' },
      });
      const audit = (
        await call(t.app, tenant, { url: `${base}/audit-events?resource_type=profile&resource_id=${id}` })
      ).json<{ data: AuditJson[] }>().data;
      const [update, creation] = audit;
      expect(update?.changes).toEqual({
        customer_name: ['[redacted]', '[redacted]'],
        trusted_contact: [null, '[redacted]'],
        status: ['ACTIVE', 'SUSPENDED'],
      });
      expect(creation?.changes).toMatchObject({
        customer_name: [null, '[redacted]'],
        date_of_birth: [null, '[redacted]'],
        enrollment_notes: [null, '[redacted]'],
        enrollment_reason: [null, 'AGE_THRESHOLD'],
      });
      const stored = await everythingStored(tenant);
      for (const secret of [DOB, 'Wisteria', 'Rupert']) expect(stored).not.toContain(secret);
    });

    test('deleting a profile leaves no name, date of birth, notes or trusted contact in audit events, webhook payloads or idempotency bodies', async () => {
      const tenant = await createTenant(t);
      const hook = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/webhooks`,
        body: {
          url: 'https://93.184.215.14/hook',
          events: ['profile.status_changed', 'signal.created', 'signal.reviewed'],
        },
      });
      expect(hook.statusCode).toBe(201);
      const created = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/profiles`,
        headers: { 'idempotency-key': `erase-${tenant.tenantId}` },
        body: profileBody({
          customer_name: NAME,
          date_of_birth: DOB,
          enrollment_notes: NOTES,
          trusted_contact: CONTACT,
        }),
      });
      expect(created.statusCode).toBe(201);
      const id = created.json<{ id: string }>().id;
      const ingest = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/profiles/${id}/transactions`,
        headers: { 'idempotency-key': `erase-tx-${tenant.tenantId}` },
        body: transactionBody(),
      });
      const signalId = ingest.json<{ signals: { id: string }[] }>().signals[0]?.id ?? '';
      const review = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/signals/${signalId}/review`,
        headers: { 'idempotency-key': `erase-review-${tenant.tenantId}` },
        body: { status: 'CONFIRMED', reason: 'HOLD_PLACED', notes: REVIEW_NOTES },
      });
      expect(review.statusCode).toBe(200);
      const patched = await call(t.app, tenant, {
        method: 'PATCH',
        url: `${base}/profiles/${id}`,
        headers: { 'idempotency-key': `erase-patch-${tenant.tenantId}` },
        body: { status: 'SUSPENDED', customer_name: NEW_NAME },
      });
      expect(patched.statusCode).toBe(200);
      // An unrelated profile's traces stay.
      const other = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/profiles`,
        headers: { 'idempotency-key': `keep-${tenant.tenantId}` },
        body: profileBody({ customer_name: 'Keep Me Around' }),
      });
      const stored = await everythingStored(tenant);
      expect(stored).toContain(NAME); // the webhook payload and replay bodies held it before
      expect(stored).toContain(REVIEW_NOTES.slice(0, 20));

      expect(
        (await call(t.app, tenant, { method: 'DELETE', url: `${base}/profiles/${id}` })).statusCode,
      ).toBe(204);

      const after = await everythingStored(tenant);
      for (const secret of [...SECRETS, REVIEW_NOTES.slice(0, 20)]) expect(after).not.toContain(secret);
      expect(after).toContain('Keep Me Around');
      // The trail itself stays: what happened, to which IDs, which fields changed.
      const audit = (await call(t.app, tenant, { url: `${base}/audit-events?limit=100` })).json<{
        data: AuditJson[];
      }>().data;
      expect(audit.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'profile.deleted',
          'profile.status_changed',
          'profile.created',
          'signal.reviewed',
        ]),
      );
      const reviewed = audit.find((e) => e.action === 'signal.reviewed');
      expect(reviewed).toMatchObject({ resource_id: signalId, changes: { notes: [null, '[redacted]'] } });
      expect(other.statusCode).toBe(201);
    });
  });
}
