import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { callWithSession, login, openTestSession, TEST_PASSWORD } from '../../../test/helpers/sessions.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

async function createUser(t: TestApp, tenant: TestTenant, body: Record<string, unknown> = {}) {
  return call(t.app, tenant, {
    method: 'POST',
    url: '/v1/users',
    body: { email: `u-${Math.random().toString(36).slice(2)}@bank.example`, role: 'analyst', ...body },
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /users`, () => {
    const t = useTestApp(dialect);

    test('creates a user with a one-time password shown once; the user must choose a password before using the API', async () => {
      const tenant = await createTenant(t);
      const res = await createUser(t, tenant, {
        email: 'Grace.Hopper@Bank.Example',
        name: 'Grace Hopper',
        role: 'supervisor',
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        tenant_id: tenant.tenantId,
        email: 'grace.hopper@bank.example',
        name: 'Grace Hopper',
        role: 'supervisor',
        status: 'ACTIVE',
        password_change_required: true,
        disabled_at: null,
      });
      expect(created.one_time_password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
      const got = (await call(t.app, tenant, { url: `/v1/users/${created.id}` })).json();
      expect(got).not.toHaveProperty('one_time_password');
      expect(JSON.stringify(got)).not.toContain(created.one_time_password);
      const listed = (await call(t.app, tenant, { url: '/v1/users' })).json();
      expect(listed.data.map((u: { id: string }) => u.id)).toEqual([created.id]);
      // Users belong to the tenant: the sandbox base lists the same ones.
      const sandbox = (await call(t.app, tenant, { url: '/sandbox/v1/users' })).json();
      expect(sandbox.data.map((u: { id: string }) => u.id)).toEqual([created.id]);

      const { res: signedIn, session } = await login(t.app, {
        email: 'grace.hopper@bank.example',
        password: created.one_time_password,
        tenant_id: tenant.tenantId,
      });
      expect(signedIn.json().user.password_change_required).toBe(true);
      const blocked = await callWithSession(t.app, session!, { url: '/v1/profiles' });
      expect(blocked.statusCode).toBe(403);
      expect(blocked.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'password change required: POST /auth/password first',
      });
      const tooShort = await callWithSession(t.app, session!, {
        method: 'POST',
        url: '/auth/password',
        body: { current_password: created.one_time_password, new_password: 'short' },
      });
      expect(tooShort.json()).toMatchObject({
        status: 400,
        message: 'new_password must be at least 12 characters',
      });
      const wrongCurrent = await callWithSession(t.app, session!, {
        method: 'POST',
        url: '/auth/password',
        body: { current_password: 'not-it', new_password: 'a much better passphrase' },
      });
      expect(wrongCurrent.json()).toMatchObject({ status: 400, message: 'current_password is wrong' });
      const changed = await callWithSession(t.app, session!, {
        method: 'POST',
        url: '/auth/password',
        body: { current_password: created.one_time_password, new_password: 'a much better passphrase' },
      });
      expect(changed.statusCode).toBe(204);
      expect((await callWithSession(t.app, session!, { url: '/v1/profiles' })).statusCode).toBe(200);
      // The one-time password is spent.
      const again = await login(t.app, {
        email: 'grace.hopper@bank.example',
        password: created.one_time_password,
        tenant_id: tenant.tenantId,
      });
      expect(again.res.statusCode).toBe(401);
      const audit = (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${created.id}` })).json();
      expect(audit.data.map((e: { action: string }) => e.action)).toEqual([
        'user.password_changed',
        'user.signed_in',
        'user.created',
      ]);
      expect(JSON.stringify(audit)).not.toContain(created.one_time_password);
    });

    test('refuses a second user with the same email in any case with 409 USER_ALREADY_EXISTS', async () => {
      const tenant = await createTenant(t);
      expect((await createUser(t, tenant, { email: 'dup@bank.example' })).statusCode).toBe(201);
      const res = await createUser(t, tenant, { email: 'DUP@bank.example', role: 'admin' });
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        code: 'USER_ALREADY_EXISTS',
        message: 'a user with this email already exists',
      });
      expect((await call(t.app, tenant, { url: '/v1/users' })).json().data).toHaveLength(1);
    });

    test.each([
      [{ email: 'nope' }, 'email must be an email address'],
      [{ role: 'root' }, 'role must be one of analyst, supervisor, admin'],
      [{ name: '' }, 'name must not be empty'],
      [{ password: 'chosen-by-admin' }, 'password is not allowed'],
    ])('refuses %j with 400 and stores nothing', async (override, message) => {
      const tenant = await createTenant(t);
      const res = await createUser(t, tenant, override);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', message });
      expect((await call(t.app, tenant, { url: '/v1/users' })).json().data).toEqual([]);
    });

    test('lists with cursor pagination, newest first', async () => {
      const tenant = await createTenant(t);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await createUser(t, tenant)).json<{ id: string }>().id);
      const first = (await call(t.app, tenant, { url: '/v1/users?limit=2' })).json();
      expect(first.data.map((u: { id: string }) => u.id)).toEqual([ids[2], ids[1]]);
      expect(first.has_more).toBe(true);
      const second = (
        await call(t.app, tenant, { url: `/v1/users?limit=2&cursor=${first.next_cursor}` })
      ).json();
      expect(second.data.map((u: { id: string }) => u.id)).toEqual([ids[0]]);
      expect(second.has_more).toBe(false);
    });

    test('disabling a user ends their sessions at once; enabling does not bring them back', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst');
      const second = await openTestSession(t, tenant, 'analyst');
      expect((await callWithSession(t.app, session, { url: '/v1/profiles' })).statusCode).toBe(200);
      const res = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/users/${session.userId}`,
        body: { status: 'DISABLED' },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'DISABLED', disabled_at: expect.any(String) });
      for (const url of ['/v1/profiles', '/auth/me']) {
        const refused = await callWithSession(t.app, session, { url });
        expect(refused.statusCode).toBe(401);
        expect(refused.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid or expired session' });
      }
      expect((await callWithSession(t.app, second, { url: '/v1/profiles' })).statusCode).toBe(200);
      const enabled = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/users/${session.userId}`,
        body: { status: 'ACTIVE' },
      });
      expect(enabled.json()).toMatchObject({ status: 'ACTIVE', disabled_at: null });
      expect((await callWithSession(t.app, session, { url: '/v1/profiles' })).statusCode).toBe(401);
      const audit = (
        await call(t.app, tenant, {
          url: `/v1/audit-events?resource_id=${session.userId}&action=user.updated`,
        })
      ).json();
      expect(audit.data.map((e: { changes: unknown }) => e.changes)).toEqual([
        { status: ['DISABLED', 'ACTIVE'] },
        { status: ['ACTIVE', 'DISABLED'] },
      ]);
    });

    test('a disabled user cannot sign in (the same 401 as a wrong password)', async () => {
      const tenant = await createTenant(t);
      const created = (await createUser(t, tenant)).json();
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/users/${created.id}`,
        body: { status: 'DISABLED' },
      });
      const { res } = await login(t.app, {
        email: created.email,
        password: created.one_time_password,
        tenant_id: tenant.tenantId,
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid email or password' });
    });

    test('a role change applies to the live session at the next request', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst');
      const before = await callWithSession(t.app, session, {
        method: 'PATCH',
        url: '/v1/settings',
        body: {},
      });
      expect(before.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'user role lacks required scope: rules:write',
      });
      await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/users/${session.userId}`,
        body: { role: 'supervisor' },
      });
      const after = await callWithSession(t.app, session, { method: 'PATCH', url: '/v1/settings', body: {} });
      expect([401, 403]).not.toContain(after.statusCode);
      const me = (await callWithSession(t.app, session, { url: '/auth/me' })).json();
      expect(me.user.role).toBe('supervisor');
      expect(me.scopes).toContain('signals:assign');
    });

    test('an admin cannot change their own role or status (409), but can change another admin', async () => {
      const tenant = await createTenant(t);
      const admin = await openTestSession(t, tenant, 'admin');
      const other = await openTestSession(t, tenant, 'admin');
      for (const body of [{ role: 'analyst' }, { status: 'DISABLED' }]) {
        const res = await callWithSession(t.app, admin, {
          method: 'PATCH',
          url: `/v1/users/${admin.userId}`,
          body,
        });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({
          code: 'INVALID_STATE',
          message: 'users cannot change their own role or status',
        });
      }
      const res = await callWithSession(t.app, admin, {
        method: 'PATCH',
        url: `/v1/users/${other.userId}`,
        body: { role: 'analyst' },
      });
      expect(res.json()).toMatchObject({ role: 'analyst' });
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${other.userId}&action=user.updated` })
      ).json();
      expect(audit.data[0]).toMatchObject({
        changes: { role: ['admin', 'analyst'] },
        actor: { api_key_id: null, user_id: admin.userId },
      });
    });

    test('a key with users:manage cannot grant a role holding scopes it lacks', async () => {
      const tenant = await createTenant(t);
      const minted = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/api-keys',
        body: { name: 'hr sync', scopes: ['users:manage', 'profiles:read'] },
      });
      const key = minted.json<{ key: string }>().key;
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/users',
        key,
        body: { email: 'x@bank.example', role: 'analyst' },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'API key lacks required scope: transactions:read',
      });
      expect((await call(t.app, tenant, { url: '/v1/users' })).json().data).toEqual([]);
    });

    test.each([
      ['PATCH', { role: 'admin' }],
      ['GET', undefined],
    ] as const)('%s of an unknown user is 404 "user not found"; a bad ID is 400', async (method, body) => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method,
        url: '/v1/users/01890000-0000-7000-8000-000000000009',
        ...(body ? { body } : {}),
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'user not found' });
      const bad = await call(t.app, tenant, { method, url: '/v1/users/abc', ...(body ? { body } : {}) });
      expect(bad.json()).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' });
    });

    test('refuses an empty or unknown patch with 400', async () => {
      const tenant = await createTenant(t);
      const created = (await createUser(t, tenant)).json<{ id: string }>();
      for (const [body, message] of [
        [{}, 'role or status is required'],
        [{ status: 'GONE' }, 'status must be one of ACTIVE, DISABLED'],
        [{ email: 'new@bank.example' }, 'email is not allowed'],
      ] as const) {
        const res = await call(t.app, tenant, { method: 'PATCH', url: `/v1/users/${created.id}`, body });
        expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', message });
      }
    });

    test('an admin resets a password: a new one-time password, the old password and every session end', async () => {
      const tenant = await createTenant(t);
      const admin = await openTestSession(t, tenant, 'admin');
      const analyst = await openTestSession(t, tenant, 'analyst');
      const res = await callWithSession(t.app, admin, {
        method: 'POST',
        url: `/v1/users/${analyst.userId}/reset-password`,
      });
      expect(res.statusCode).toBe(200);
      const reset = res.json();
      expect(reset).toMatchObject({ id: analyst.userId, password_change_required: true, status: 'ACTIVE' });
      expect(reset.one_time_password).toMatch(/^[A-Za-z2-9]{5}(-[A-Za-z2-9]{5}){3}$/);
      expect((await callWithSession(t.app, analyst, { url: '/auth/me' })).statusCode).toBe(401);
      const old = await login(t.app, {
        email: analyst.email,
        password: TEST_PASSWORD,
        tenant_id: tenant.tenantId,
      });
      expect(old.res.statusCode).toBe(401);
      const fresh = await login(t.app, {
        email: analyst.email,
        password: reset.one_time_password,
        tenant_id: tenant.tenantId,
      });
      expect(fresh.res.json().user.password_change_required).toBe(true);
      const own = await callWithSession(t.app, admin, {
        method: 'POST',
        url: `/v1/users/${admin.userId}/reset-password`,
      });
      expect(own.statusCode).toBe(409);
      expect(own.json()).toMatchObject({
        code: 'INVALID_STATE',
        message: 'change your own password with POST /auth/password',
      });
      const audit = (
        await call(t.app, tenant, {
          url: `/v1/audit-events?resource_id=${analyst.userId}&action=user.password_reset`,
        })
      ).json();
      expect(audit.data[0].actor).toMatchObject({ user_id: admin.userId });
      expect(JSON.stringify(audit)).not.toContain(reset.one_time_password);
    });

    describe('GET /users security', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/users', scope: 'users:manage' });
    });
    describe('POST /users security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/users',
        scope: 'users:manage',
        body: { email: 'sec@bank.example', role: 'analyst' },
      });
    });
    const setup = async (app: TestApp, owner: TestTenant) =>
      (await createUser(app, owner)).json<{ id: string }>().id;
    describe('GET /users/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/users/${id}`,
        scope: 'users:manage',
        setup,
        perTenant: true,
      });
    });
    describe('PATCH /users/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'PATCH',
        path: (id) => `/users/${id}`,
        scope: 'users:manage',
        body: { role: 'supervisor' },
        setup,
        read: (id) => `/users/${id}`,
        perTenant: true,
      });
    });
    describe('POST /users/{id}/reset-password security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/users/${id}/reset-password`,
        scope: 'users:manage',
        setup,
        read: (id) => `/users/${id}`,
        perTenant: true,
      });
    });
    describe('POST /users/{id}/reset-password security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/users/${id}/reset-password`,
        scope: 'users:manage',
        setup,
        read: (id) => `/users/${id}`,
        perTenant: true,
      });
    });
  });
}
