import { expect, test } from 'vitest';
import type { Scope } from '../../src/domain/values/enums.js';
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
