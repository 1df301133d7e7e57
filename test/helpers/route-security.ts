import { expect, test } from 'vitest';
import { ROLES, scopesOfRole, type Role } from '../../src/domain/users/roles.js';
import type { Scope } from '../../src/domain/values/enums.js';
import { callWithSession, openTestSession } from './sessions.js';
import { call, createTenant, type TestApp, type TestTenant } from './test-app.js';

export interface SecuredRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path under the base, e.g. /profiles/{id}; `id` is a resource of `owner`, made by `setup`. */
  path: (id: string) => string;
  scope: Scope;
  body?: unknown;
  /** Creates the resource the route addresses, in the owner tenant's production environment. */
  setup?: (t: TestApp, owner: TestTenant) => Promise<string>;
  /** How the owner reads the resource back, to prove a refused call changed nothing. */
  read?: (id: string) => string;
  /** The resource belongs to the tenant, not to an environment (users): both bases reach it. */
  perTenant?: boolean;
}

/** The least role that holds the scope, and the greatest that does not (undefined when every role holds it). */
function rolesFor(scope: Scope): { allowed: Role; refused: Role | undefined } {
  const allowed = ROLES.find((role) => scopesOfRole(role).includes(scope)) ?? 'admin';
  const refused = [...ROLES].reverse().find((role) => !scopesOfRole(role).includes(scope));
  return { allowed, refused };
}

async function keyWithScopes(
  t: TestApp,
  tenant: TestTenant,
  scopes: Scope[],
  url = '/v1/api-keys',
): Promise<string> {
  const res = await call(t.app, tenant, { method: 'POST', url, body: { name: 'limited', scopes } });
  expect(res.statusCode).toBe(201);
  return res.json<{ key: string }>().key;
}

/** The common checks of every authenticated route (style.md §6): auth order, scope, environment, tenancy. */
export function describeRouteSecurity(t: TestApp, route: SecuredRoute): void {
  const prepare = async () => {
    const owner = await createTenant(t, 'Owner Bank');
    const id = route.setup ? await route.setup(t, owner) : '01890000-0000-7000-8000-000000000000';
    return { owner, id, url: `/v1${route.path(id)}` };
  };
  const bodyOf = () => (route.body === undefined ? {} : { body: route.body });

  test('answers 401 TENANT_NOT_FOUND "missing tenant ID" without X-Tenant-ID', async () => {
    const { owner, url } = await prepare();
    const res = await t.app.inject({
      method: route.method,
      url,
      headers: { authorization: `Bearer ${owner.productionKey}` },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      error: 'Unauthorized',
      code: 'TENANT_NOT_FOUND',
      message: 'missing tenant ID',
    });
  });

  test('answers 401 TENANT_NOT_FOUND "invalid tenant ID" for a tenant ID that is not a UUID', async () => {
    const { owner, url } = await prepare();
    const res = await call(t.app, owner, {
      method: route.method,
      url,
      headers: { 'x-tenant-id': 'acme' },
      ...bodyOf(),
    });
    expect(res.json()).toMatchObject({ status: 401, code: 'TENANT_NOT_FOUND', message: 'invalid tenant ID' });
  });

  test('answers 401 UNAUTHORIZED without a key and with a wrong key', async () => {
    const { owner, url } = await prepare();
    const missing = await t.app.inject({
      method: route.method,
      url,
      headers: { 'x-tenant-id': owner.tenantId },
    });
    expect(missing.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'missing API key' });
    const wrong = await call(t.app, owner, {
      method: route.method,
      url,
      key: 'vgl_live_notarealkey',
      ...bodyOf(),
    });
    expect(wrong.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'invalid API key' });
  });

  test('answers 401 TENANT_NOT_FOUND when the key belongs to another tenant', async () => {
    const { owner, url } = await prepare();
    const other = await createTenant(t);
    const res = await call(t.app, owner, {
      method: route.method,
      url,
      key: other.productionKey,
      ...bodyOf(),
    });
    expect(res.json()).toMatchObject({ status: 401, code: 'TENANT_NOT_FOUND', message: 'invalid tenant ID' });
  });

  test('answers 403 FORBIDDEN for a sandbox key on /v1 and a production key on /sandbox/v1', async () => {
    const { owner, url } = await prepare();
    const sandboxOnLive = await call(t.app, owner, {
      method: route.method,
      url,
      key: owner.sandboxKey,
      ...bodyOf(),
    });
    expect(sandboxOnLive.json()).toMatchObject({
      error: 'Forbidden',
      code: 'FORBIDDEN',
      message: 'sandbox keys cannot access production endpoints',
    });
    const liveOnSandbox = await call(t.app, owner, {
      method: route.method,
      url: `/sandbox${url}`,
      key: owner.productionKey,
      ...bodyOf(),
    });
    expect(liveOnSandbox.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: 'production keys cannot access sandbox endpoints',
    });
  });

  test(`answers 403 FORBIDDEN "API key lacks required scope: ${route.scope}" without the scope`, async () => {
    const { owner, url } = await prepare();
    const key = await keyWithScopes(
      t,
      owner,
      route.scope === 'audit:read' ? ['profiles:read'] : ['audit:read'],
    );
    const res = await call(t.app, owner, { method: route.method, url, key, ...bodyOf() });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'FORBIDDEN',
      message: `API key lacks required scope: ${route.scope}`,
    });
  });

  describeSessionSecurity(t, route, prepare);

  if (route.setup) {
    test("answers 404 for another tenant's resource and changes nothing", async () => {
      const { owner, id, url } = await prepare();
      const before = route.read
        ? (await call(t.app, owner, { url: `/v1${route.read(id)}` })).body
        : undefined;
      const intruder = await createTenant(t, 'Intruder Bank');
      const res = await call(t.app, intruder, { method: route.method, url, ...bodyOf() });
      expect(res.statusCode).toBe(404);
      expect(JSON.stringify(res.json())).not.toContain(owner.tenantId);
      if (route.read) expect((await call(t.app, owner, { url: `/v1${route.read(id)}` })).body).toBe(before);
    });

    if (!route.perTenant)
      test('answers 404 for a production resource addressed through the sandbox', async () => {
        const { owner, id } = await prepare();
        const res = await call(t.app, owner, {
          method: route.method,
          url: `/sandbox/v1${route.path(id)}`,
          ...bodyOf(),
        });
        expect(res.statusCode).toBe(404);
      });
  }
}

/** The same route called from a browser session: role scopes, CSRF, environment, tenancy, one credential. */
function describeSessionSecurity(
  t: TestApp,
  route: SecuredRoute,
  prepare: () => Promise<{ owner: TestTenant; id: string; url: string }>,
): void {
  const bodyOf = () => (route.body === undefined ? {} : { body: route.body });
  const { allowed, refused } = rolesFor(route.scope);
  const changesState = route.method !== 'GET';

  if (refused !== undefined) {
    test(`session: answers 403 "user role lacks required scope: ${route.scope}" to a ${refused}`, async () => {
      const { owner, url } = await prepare();
      const session = await openTestSession(t, owner, refused);
      const res = await callWithSession(t.app, session, { method: route.method, url, ...bodyOf() });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: `user role lacks required scope: ${route.scope}`,
      });
    });
  }

  test(`session: ${allowed === 'analyst' || allowed === 'admin' ? 'an' : 'a'} ${allowed} gets past authentication and authorisation`, async () => {
    const { owner, url } = await prepare();
    const session = await openTestSession(t, owner, allowed);
    const res = await callWithSession(t.app, session, { method: route.method, url, ...bodyOf() });
    expect([401, 403]).not.toContain(res.statusCode);
  });

  if (changesState) {
    test('session: answers 403 "missing or invalid CSRF token" without the token and with a wrong one', async () => {
      const { owner, url } = await prepare();
      const session = await openTestSession(t, owner, 'admin');
      for (const headers of [{}, { 'x-csrf-token': 'not-the-token' }] as Record<string, string>[]) {
        const res = await callWithSession(t.app, session, {
          method: route.method,
          url,
          csrf: false,
          headers,
          ...bodyOf(),
        });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: 'missing or invalid CSRF token' });
      }
    });
  }

  test('session: answers 403 for a sandbox session on /v1 and a production session on /sandbox/v1', async () => {
    const { owner, url } = await prepare();
    const sandbox = await openTestSession(t, owner, 'admin', 'sandbox');
    const onLive = await callWithSession(t.app, sandbox, { method: route.method, url, ...bodyOf() });
    expect(onLive.json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'session is for the sandbox environment',
    });
    const production = await openTestSession(t, owner, 'admin');
    const onSandbox = await callWithSession(t.app, production, {
      method: route.method,
      url: `/sandbox${url}`,
      ...bodyOf(),
    });
    expect(onSandbox.json()).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
      message: 'session is for the production environment',
    });
  });

  test("session: answers 401 for an ended session and for another tenant's X-Tenant-ID, 400 with a key too", async () => {
    const { owner, url } = await prepare();
    const session = await openTestSession(t, owner, 'admin');
    const other = await createTenant(t);
    const wrongTenant = await callWithSession(t.app, session, {
      method: route.method,
      url,
      headers: { 'x-tenant-id': other.tenantId },
      ...bodyOf(),
    });
    expect(wrongTenant.json()).toMatchObject({
      status: 401,
      code: 'TENANT_NOT_FOUND',
      message: 'invalid tenant ID',
    });
    const both = await callWithSession(t.app, session, {
      method: route.method,
      url,
      headers: { authorization: `Bearer ${owner.productionKey}` },
      ...bodyOf(),
    });
    expect(both.json()).toMatchObject({
      status: 400,
      code: 'VALIDATION_ERROR',
      message: 'send either an API key or a session, not both',
    });
    const forged = await callWithSession(
      t.app,
      { ...session, cookie: 'vigil_session=forged' },
      {
        method: route.method,
        url,
        ...bodyOf(),
      },
    );
    expect(forged.json()).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
      message: 'invalid or expired session',
    });
  });

  if (route.setup) {
    test("session: answers 404 for another tenant's resource", async () => {
      const { id } = await prepare();
      const intruder = await createTenant(t, 'Intruder Bank');
      const session = await openTestSession(t, intruder, 'admin');
      const res = await callWithSession(t.app, session, {
        method: route.method,
        url: `/v1${route.path(id)}`,
        ...bodyOf(),
      });
      expect(res.statusCode).toBe(404);
    });
  }
}
