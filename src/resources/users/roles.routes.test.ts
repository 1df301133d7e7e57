import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { callWithSession, openTestSession } from '../../../test/helpers/sessions.js';
import { call, createTenant, profileBody, useTestApp } from '../../../test/helpers/test-app.js';
import type { Role } from '../../domain/users/roles.js';

interface Probe {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  body?: unknown;
  scope: string;
}

// One route per scope a role may lack; "allowed" means past authorisation (any status but 401/403).
const PROBES: Probe[] = [
  { method: 'GET', url: '/v1/profiles', scope: 'profiles:read' },
  { method: 'GET', url: '/v1/audit-events', scope: 'audit:read' },
  { method: 'POST', url: '/v1/profiles', body: {}, scope: 'profiles:write' },
  { method: 'PATCH', url: '/v1/settings', body: {}, scope: 'rules:write' },
  { method: 'POST', url: '/v1/batch-runs', body: { nonsense: true }, scope: 'batch_runs:write' },
  { method: 'GET', url: '/v1/users', scope: 'users:manage' },
  { method: 'GET', url: '/v1/api-keys', scope: 'api_keys:manage' },
  { method: 'GET', url: '/v1/webhooks', scope: 'webhooks:manage' },
];

const ALLOWED: Record<Role, string[]> = {
  analyst: ['profiles:read', 'audit:read'],
  supervisor: ['profiles:read', 'audit:read', 'rules:write', 'batch_runs:write'],
  admin: PROBES.map((p) => p.scope),
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: what each role may do with a session`, () => {
    const t = useTestApp(dialect);

    for (const role of ['analyst', 'supervisor', 'admin'] as const) {
      test(`${role}: allowed ${ALLOWED[role].join(', ')}; refused the rest with 403`, async () => {
        const tenant = await createTenant(t);
        const session = await openTestSession(t, tenant, role);
        for (const probe of PROBES) {
          const res = await callWithSession(t.app, session, probe);
          if (ALLOWED[role].includes(probe.scope)) {
            expect([401, 403], `${role} ${probe.method} ${probe.url}`).not.toContain(res.statusCode);
          } else {
            expect(res.statusCode, `${role} ${probe.method} ${probe.url}`).toBe(403);
            expect(res.json()).toMatchObject({
              code: 'FORBIDDEN',
              message: `user role lacks required scope: ${probe.scope}`,
            });
          }
        }
      });
    }

    test('an analyst reviews a signal: the review and its audit event name the user', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const scored = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: transactionBody({ amount: 700, channel: 'GIFT_CARD', counterparty_id: 'STORE' }),
      });
      const signalId = scored.json<{ signals: { id: string }[] }>().signals[0]!.id;
      const session = await openTestSession(t, tenant, 'analyst');
      const res = await callWithSession(t.app, session, {
        method: 'POST',
        url: `/v1/signals/${signalId}/review`,
        body: { status: 'DISMISSED', reason: 'CUSTOMER_VERIFIED' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().review.reviewed_by).toBe(session.userId);
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${signalId}&action=signal.reviewed` })
      ).json();
      expect(audit.data[0].actor).toEqual({ api_key_id: null, user_id: session.userId, name: session.email });
    });

    test('a batch run created by a supervisor records the user as its actor', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'supervisor');
      const res = await callWithSession(t.app, session, { method: 'POST', url: '/v1/batch-runs', body: {} });
      expect(res.statusCode).toBe(202);
      const id = res.json<{ id: string }>().id;
      const row = await t.db.kysely
        .selectFrom('batch_runs')
        .select(['actor_api_key_id', 'actor_user_id', 'actor_name'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({
        actor_api_key_id: null,
        actor_user_id: session.userId,
        actor_name: session.email,
      });
      const audit = (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${id}` })).json();
      expect(audit.data.at(-1).actor).toEqual({
        api_key_id: null,
        user_id: session.userId,
        name: session.email,
      });
    });

    test('an analyst may not write a profile; nothing is stored', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst');
      const res = await callWithSession(t.app, session, {
        method: 'POST',
        url: '/v1/profiles',
        body: profileBody(),
      });
      expect(res.statusCode).toBe(403);
      expect((await call(t.app, tenant, { url: '/v1/profiles' })).json().data).toEqual([]);
    });
  });
}
