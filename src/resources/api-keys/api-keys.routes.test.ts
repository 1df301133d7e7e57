import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

async function mint(t: TestApp, tenant: TestTenant, body: Record<string, unknown>, url = '/v1/api-keys') {
  return call(t.app, tenant, {
    method: 'POST',
    url,
    body: { name: 'feed', scopes: ['profiles:read'], ...body },
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /api-keys`, () => {
    const t = useTestApp(dialect);

    test('creates a key shown once, usable at once, with only its scopes', async () => {
      const tenant = await createTenant(t);
      const res = await mint(t, tenant, { name: 'core feed', scopes: ['profiles:read'] });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created.key).toMatch(/^vgl_live_[0-9A-Za-z]{38}$/);
      expect(created).toMatchObject({
        name: 'core feed',
        environment: 'production',
        scopes: ['profiles:read'],
        revoked_at: null,
      });
      expect(created.key_hint).toBe(created.key.slice(0, 13));
      const asNewKey = { key: created.key as string };
      expect((await call(t.app, tenant, { url: '/v1/profiles', ...asNewKey })).statusCode).toBe(200);
      const write = await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: {}, ...asNewKey });
      expect(write.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'API key lacks required scope: profiles:write',
      });
      const listed = (await call(t.app, tenant, { url: '/v1/api-keys' })).json();
      expect(listed.data.map((k: { id: string }) => k.id)).toContain(created.id);
      expect(JSON.stringify(listed)).not.toContain(created.key);
    });

    test('mints sandbox keys through the sandbox base', async () => {
      const tenant = await createTenant(t);
      const res = await mint(t, tenant, {}, '/sandbox/v1/api-keys');
      expect(res.json().key).toMatch(/^vgl_test_/);
      expect(res.json().environment).toBe('sandbox');
    });

    test('refuses to mint scopes the creating key lacks', async () => {
      const tenant = await createTenant(t);
      const manager = (await mint(t, tenant, { scopes: ['api_keys:manage', 'profiles:read'] })).json()
        .key as string;
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/api-keys',
        key: manager,
        body: { name: 'escalation', scopes: ['profiles:read', 'profiles:write'] },
      });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'API key lacks required scope: profiles:write',
      });
      const ok = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/api-keys',
        key: manager,
        body: { name: 'ok', scopes: ['profiles:read'] },
      });
      expect(ok.statusCode).toBe(201);
    });

    test.each([
      [{ scopes: [] }, 'scopes must have at least 1 items'],
      [
        { scopes: ['everything'] },
        'scopes[0] must be one of profiles:read, profiles:write, transactions:read, transactions:write, baselines:read, baselines:write, rules:read, rules:write, signals:read, signals:review, signals:assign, batch_runs:read, batch_runs:write, webhooks:manage, api_keys:manage, users:manage, audit:read',
      ],
      [{ name: '' }, 'name must not be empty'],
      [{ expires_at: 'tomorrow' }, 'expires_at must be an RFC 3339 timestamp'],
      [{ expires_at: '2001-01-01T00:00:00Z' }, 'expires_at must be in the future'],
      [{ rate_limit_per_minute: 0 }, 'rate_limit_per_minute must be at least 1'],
    ])('refuses %j with 400', async (body, message) => {
      const tenant = await createTenant(t);
      const res = await mint(t, tenant, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', message });
    });

    test('a revoked key is refused at once, and revoking is audited', async () => {
      const tenant = await createTenant(t);
      const created = (await mint(t, tenant, {})).json();
      const res = await call(t.app, tenant, { method: 'DELETE', url: `/v1/api-keys/${created.id}` });
      expect(res.statusCode).toBe(204);
      const refused = await call(t.app, tenant, { url: '/v1/profiles', key: created.key });
      expect(refused.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'invalid API key' });
      const listed = (await call(t.app, tenant, { url: '/v1/api-keys' })).json();
      expect(listed.data.find((k: { id: string }) => k.id === created.id).revoked_at).not.toBeNull();
      const audit = (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${created.id}` })).json();
      expect(audit.data.map((e: { action: string }) => e.action)).toEqual([
        'api_key.revoked',
        'api_key.created',
      ]);
    });

    test('an expired key is refused', async () => {
      const tenant = await createTenant(t);
      const soon = new Date(Date.now() + 1500).toISOString();
      const created = (await mint(t, tenant, { expires_at: soon })).json();
      expect((await call(t.app, tenant, { url: '/v1/profiles', key: created.key })).statusCode).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      const res = await call(t.app, tenant, { url: '/v1/profiles', key: created.key });
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid API key' });
    });

    test('records last_used_at when a key is used', async () => {
      const tenant = await createTenant(t);
      const created = (await mint(t, tenant, {})).json();
      expect(created.last_used_at).toBeNull();
      await call(t.app, tenant, { url: '/v1/profiles', key: created.key });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const listed = (await call(t.app, tenant, { url: '/v1/api-keys' })).json();
      const used = listed.data.find((k: { id: string }) => k.id === created.id);
      expect(Date.parse(used.last_used_at)).toBeGreaterThan(Date.parse(created.created_at) - 1);
    });

    test('returns 404 "API key not found" for unknown keys and keys of another environment', async () => {
      const tenant = await createTenant(t);
      const sandboxKey = (await mint(t, tenant, {}, '/sandbox/v1/api-keys')).json();
      for (const id of ['01890000-0000-7000-8000-000000000003', sandboxKey.id as string]) {
        const res = await call(t.app, tenant, { method: 'DELETE', url: `/v1/api-keys/${id}` });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'API key not found' });
      }
    });

    describe('DELETE /api-keys/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'DELETE',
        path: (id) => `/api-keys/${id}`,
        scope: 'api_keys:manage',
        setup: async (app, owner) => (await mint(app, owner, {})).json<{ id: string }>().id,
      });
    });
    describe('POST /api-keys security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/api-keys',
        scope: 'api_keys:manage',
        body: { name: 'x', scopes: ['profiles:read'] },
      });
    });
  });
}
