import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { productionSignal } from '../../../test/helpers/signals.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { callWithSession, openTestSession, type TestSession } from '../../../test/helpers/sessions.js';
import { createUser } from '../../../test/helpers/users.js';
import { deliveredTypes, subscribe } from '../../../test/helpers/webhooks.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /signals/{id}/assign`, () => {
    const t = useTestApp(dialect);
    const assign = (tenant: TestTenant, id: string, body: unknown, key?: string) =>
      call(t.app, tenant, { method: 'POST', url: `/v1/signals/${id}/assign`, body, ...(key ? { key } : {}) });
    const read = async (tenant: TestTenant, id: string) =>
      (await call(t.app, tenant, { url: `/v1/signals/${id}` })).json();
    const audits = async (tenant: TestTenant, id: string) =>
      (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${id}&action=signal.assigned` })).json<{
        data: { changes: unknown }[];
      }>().data;

    test('assigns to an active user of the tenant: shown on the signal and in the list, audited, webhook sent', async () => {
      const tenant = await createTenant(t);
      const webhook = await subscribe(t.app, tenant, ['signal.assigned']);
      const user = await createUser(t, tenant, { name: 'Dana Analyst' });
      const signal = await productionSignal(t.app, tenant);
      const res = await assign(tenant, signal.id, { assignee_id: user.id });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        id: signal.id,
        assignee_id: user.id,
        assignee: { id: user.id, email: user.email, name: 'Dana Analyst' },
        assigned_at: expect.any(String),
      });
      expect(await read(tenant, signal.id)).toMatchObject({
        assignee_id: user.id,
        assignee: { id: user.id },
      });
      const listed = await call(t.app, tenant, { url: `/v1/signals?assignee=${user.id}` });
      expect(listed.json().data.map((s: { id: string }) => s.id)).toEqual([signal.id]);
      expect((await call(t.app, tenant, { url: '/v1/signals?assignee=unassigned' })).json().data).toEqual([]);
      expect((await audits(tenant, signal.id)).map((a) => a.changes)).toEqual([
        { assignee_id: [null, user.id] },
      ]);
      expect(await deliveredTypes(t.app, tenant, webhook)).toEqual(['signal.assigned']);
    });

    test('reassigns and unassigns with null; assigning the current assignee again changes and records nothing', async () => {
      const tenant = await createTenant(t);
      const [first, second] = [await createUser(t, tenant), await createUser(t, tenant)];
      const signal = await productionSignal(t.app, tenant);
      await assign(tenant, signal.id, { assignee_id: first.id });
      expect((await assign(tenant, signal.id, { assignee_id: first.id })).statusCode).toBe(200);
      expect((await assign(tenant, signal.id, { assignee_id: second.id })).json().assignee_id).toBe(
        second.id,
      );
      const cleared = await assign(tenant, signal.id, { assignee_id: null });
      expect(cleared.json()).toMatchObject({ assignee_id: null, assignee: null, assigned_at: null });
      expect((await audits(tenant, signal.id)).map((a) => a.changes)).toEqual([
        { assignee_id: [second.id, null] },
        { assignee_id: [first.id, second.id] },
        { assignee_id: [null, first.id] },
      ]);
    });

    test.each([
      ['an unknown user', 'unknown', 'assignee_id is not a user of this tenant'],
      ["another tenant's user", 'other-tenant', 'assignee_id is not a user of this tenant'],
      ['a disabled user', 'disabled', 'assignee_id is a disabled user'],
    ])('answers 400 for %s and assigns nothing', async (_name, kind, message) => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      let assigneeId = '01890000-0000-7000-8000-0000000000ab';
      if (kind === 'other-tenant') assigneeId = (await createUser(t, await createTenant(t))).id;
      if (kind === 'disabled') assigneeId = (await createUser(t, tenant, { status: 'DISABLED' })).id;
      const res = await assign(tenant, signal.id, { assignee_id: assigneeId });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', code: 'VALIDATION_ERROR', message });
      expect((await read(tenant, signal.id)).assignee_id).toBeNull();
      expect(await audits(tenant, signal.id)).toEqual([]);
    });

    test.each([
      [{}, 'assignee_id is required'],
      [{ assignee_id: 'dana' }, 'assignee_id must be a UUID'],
      [{ assignee_id: null, note: 'x' }, 'note is not allowed'],
    ])('answers 400 for the body %j', async (body, message) => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const res = await assign(tenant, signal.id, body);
      expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message });
    });

    test('a key with signals:review but not signals:assign may not assign anyone (it is nobody itself)', async () => {
      const tenant = await createTenant(t);
      const user = await createUser(t, tenant);
      const signal = await productionSignal(t.app, tenant);
      const created = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/api-keys',
        body: { name: 'reviewer', scopes: ['signals:read', 'signals:review'] },
      });
      const key = created.json<{ key: string }>().key;
      const res = await assign(tenant, signal.id, { assignee_id: user.id }, key);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        error: 'Forbidden',
        code: 'FORBIDDEN',
        message: 'assigning a signal with an API key needs scope signals:assign',
      });
      expect((await read(tenant, signal.id)).assignee_id).toBeNull();
    });

    test('answers 404 SIGNAL_NOT_FOUND for an unknown signal and 400 for a bad ID', async () => {
      const tenant = await createTenant(t);
      const unknown = await assign(tenant, '01890000-0000-7000-8000-000000000000', { assignee_id: null });
      expect(unknown.json()).toMatchObject({
        status: 404,
        code: 'SIGNAL_NOT_FOUND',
        message: 'signal not found',
      });
      expect((await assign(tenant, 'abc', { assignee_id: null })).json()).toMatchObject({
        status: 400,
        message: 'invalid signal ID',
      });
    });

    test('over a session, an analyst takes an unassigned signal and gives it back, but never assigns others or takes theirs; a supervisor assigns anyone', async () => {
      const tenant = await createTenant(t);
      const analyst = await openTestSession(t, tenant, 'analyst');
      const colleague = await openTestSession(t, tenant, 'analyst');
      const supervisor = await openTestSession(t, tenant, 'supervisor');
      const signal = await productionSignal(t.app, tenant);
      const as = (session: TestSession, assigneeId: string | null) =>
        callWithSession(t.app, session, {
          method: 'POST',
          url: `/v1/signals/${signal.id}/assign`,
          body: { assignee_id: assigneeId },
        });
      const forbidden = {
        status: 403,
        code: 'FORBIDDEN',
        message: 'assigning a signal to someone else, or taking it from them, needs scope signals:assign',
      };
      expect((await as(analyst, colleague.userId)).json()).toMatchObject(forbidden);
      expect((await as(analyst, analyst.userId)).json()).toMatchObject({ assignee_id: analyst.userId });
      const mine = await callWithSession(t.app, analyst, { url: '/v1/signals?assignee=me' });
      expect(mine.json().data.map((x: { id: string }) => x.id)).toEqual([signal.id]);
      const theirs = await callWithSession(t.app, colleague, { url: '/v1/signals?assignee=me' });
      expect(theirs.json().data).toEqual([]);
      expect((await as(colleague, colleague.userId)).json()).toMatchObject(forbidden);
      expect((await as(colleague, null)).json()).toMatchObject(forbidden);
      expect((await as(analyst, null)).json()).toMatchObject({ assignee_id: null });
      expect((await as(supervisor, colleague.userId)).json()).toMatchObject({
        assignee_id: colleague.userId,
        assignee: { id: colleague.userId, email: colleague.email },
      });
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${signal.id}&action=signal.assigned` })
      ).json<{ data: { actor: { user_id: string | null } }[] }>().data;
      expect(audit.map((a) => a.actor.user_id)).toEqual([supervisor.userId, analyst.userId, analyst.userId]);
    });

    describe('security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/signals/${id}/assign`,
        scope: 'signals:review',
        body: { assignee_id: null },
        setup: async (app, owner) => (await productionSignal(app.app, owner)).id,
        read: (id) => `/signals/${id}`,
      });
    });
  });
}
