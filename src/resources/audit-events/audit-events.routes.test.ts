import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { call, createTenant, profileBody, useTestApp } from '../../../test/helpers/test-app.js';

interface AuditEventJson {
  id: string;
  action: string;
  resource_id: string;
  actor: { api_key_id: string | null; name: string };
  changes: Record<string, [unknown, unknown]> | null;
  request_id: string | null;
  at: string;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /audit-events`, () => {
    const t = useTestApp(dialect);

    test('records each change with its actor, request ID and field changes', async () => {
      const tenant = await createTenant(t);
      const created = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/profiles',
        body: profileBody({ customer_name: 'Ann Lee' }),
      });
      const id = created.json<{ id: string }>().id;
      const patched = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${id}`,
        body: { customer_name: 'Ann B. Lee' },
      });
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${id}`,
        body: { status: 'SUSPENDED' },
      });
      const res = await call(t.app, tenant, {
        url: `/v1/audit-events?resource_type=profile&resource_id=${id}`,
      });
      expect(res.statusCode).toBe(200);
      const events = res.json<{ data: AuditEventJson[] }>().data;
      expect(events.map((e) => e.action)).toEqual([
        'profile.status_changed',
        'profile.updated',
        'profile.created',
      ]);
      const [statusChange, update, creation] = events as [AuditEventJson, AuditEventJson, AuditEventJson];
      expect(statusChange.changes).toEqual({ status: ['ACTIVE', 'SUSPENDED'] });
      // Personal values are never kept in the trail: the field name is (docs/security.md, Erasure).
      expect(update.changes).toEqual({ customer_name: ['[redacted]', '[redacted]'] });
      expect(update.request_id).toBe(patched.headers['x-request-id']);
      expect(creation.request_id).toBe(created.headers['x-request-id']);
      expect(creation.changes?.customer_name).toEqual([null, '[redacted]']);
      expect(creation.actor.name).toBe('production key');
      expect(creation.actor.api_key_id).toMatch(/^[0-9a-f-]{36}$/);
    });

    test('filters by action, actor and time range, and keeps environments apart', async () => {
      const tenant = await createTenant(t);
      const start = new Date(Date.now() - 1000).toISOString();
      await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: profileBody() });
      await call(t.app, tenant, { method: 'POST', url: '/sandbox/v1/profiles', body: profileBody() });
      const live = (
        await call(t.app, tenant, { url: `/v1/audit-events?action=profile.created&from=${start}` })
      ).json<{ data: AuditEventJson[] }>();
      expect(live.data).toHaveLength(1);
      const actor = live.data[0]!.actor.api_key_id!;
      expect(
        (await call(t.app, tenant, { url: `/v1/audit-events?actor=${actor}&action=profile.created` })).json()
          .data,
      ).toHaveLength(1);
      const past = (
        await call(t.app, tenant, { url: `/v1/audit-events?to=${start}&action=profile.created` })
      ).json();
      expect(past.data).toHaveLength(0);
      const sandbox = (
        await call(t.app, tenant, { url: '/sandbox/v1/audit-events?action=profile.created' })
      ).json();
      expect(sandbox.data).toHaveLength(1);
    });

    test("never shows another tenant's events", async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const id = (
        await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: profileBody() })
      ).json<{ id: string }>().id;
      const res = await call(t.app, other, { url: `/v1/audit-events?resource_id=${id}` });
      expect(res.json().data).toEqual([]);
    });

    test('a malformed request writes no audit event', async () => {
      const tenant = await createTenant(t);
      await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: { customer_id: 'X' } });
      const res = await call(t.app, tenant, { url: '/v1/audit-events?resource_type=profile' });
      expect(res.json().data).toEqual([]);
    });

    test('the database refuses to edit or delete audit events', async () => {
      const tenant = await createTenant(t);
      await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: profileBody() });
      await expect(
        sql`UPDATE audit_events SET action = 'tampered' WHERE tenant_id = ${tenant.tenantId}`.execute(
          t.db.kysely,
        ),
      ).rejects.toThrow(/append-only/);
      await expect(
        sql`DELETE FROM audit_events WHERE tenant_id = ${tenant.tenantId}`.execute(t.db.kysely),
      ).rejects.toThrow(/append-only/);
    });

    test('offers no route that changes an audit event', async () => {
      const tenant = await createTenant(t);
      for (const method of ['POST', 'PATCH', 'DELETE'] as const) {
        const res = await call(t.app, tenant, { method, url: '/v1/audit-events', body: {} });
        expect(res.statusCode).toBe(404);
      }
    });

    describe('GET /audit-events security', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/audit-events', scope: 'audit:read' });
    });
  });
}
