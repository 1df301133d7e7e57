import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  buildTestApp,
  call,
  createTenant,
  profileBody,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { hashApiKey } from '../../lib/api-key-token.js';
import { manualClock } from '../../lib/clock.js';
import { API_KEY_CACHE_TTL_MS, createApiKeyCache } from './api-keys.cache.js';
import { createApiKeysStore } from './api-keys.store.js';

async function mint(t: TestApp, tenant: TestTenant, body: Record<string, unknown> = {}) {
  const res = await call(t.app, tenant, {
    method: 'POST',
    url: '/v1/api-keys',
    body: { name: 'feed', scopes: ['profiles:read'], ...body },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string; key: string }>();
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: API keys cached in the process`, () => {
    const clock = manualClock(Date.now());
    const t = useTestApp(dialect, { clock });

    test('a key in use is refused on the very next request once it is revoked', async () => {
      const tenant = await createTenant(t);
      const created = await mint(t, tenant);
      for (let i = 0; i < 3; i++) {
        expect((await call(t.app, tenant, { url: '/v1/profiles', key: created.key })).statusCode).toBe(200);
      }
      const revoked = await call(t.app, tenant, { method: 'DELETE', url: `/v1/api-keys/${created.id}` });
      expect(revoked.statusCode).toBe(204);
      const refused = await call(t.app, tenant, { url: '/v1/profiles', key: created.key });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid API key' });
    });

    test('a key in use is refused once it expires, before the cache would read it again', async () => {
      const tenant = await createTenant(t);
      const expiresInMs = Math.min(2_000, API_KEY_CACHE_TTL_MS / 2);
      const created = await mint(t, tenant, {
        expires_at: new Date(clock.nowMs() + expiresInMs).toISOString(),
      });
      expect((await call(t.app, tenant, { url: '/v1/profiles', key: created.key })).statusCode).toBe(200);
      clock.advance(expiresInMs);
      const refused = await call(t.app, tenant, { url: '/v1/profiles', key: created.key });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid API key' });
    });

    test("a cached key still answers 401 under another tenant's ID and 404 for its profiles", async () => {
      const owner = await createTenant(t, 'Owner Bank');
      const other = await createTenant(t, 'Other Bank');
      const created = await call(t.app, owner, { method: 'POST', url: '/v1/profiles', body: profileBody() });
      const profileId = created.json<{ id: string }>().id;
      // Used first under its own tenant, so the key is cached when it is tried elsewhere.
      expect((await call(t.app, other, { url: '/v1/profiles' })).statusCode).toBe(200);
      for (let i = 0; i < 2; i++) {
        const wrongTenant = await call(t.app, owner, {
          url: `/v1/profiles/${profileId}`,
          key: other.productionKey,
        });
        expect(wrongTenant.statusCode).toBe(401);
        expect(wrongTenant.json()).toMatchObject({ code: 'TENANT_NOT_FOUND', message: 'invalid tenant ID' });
        const notTheirs = await call(t.app, other, { url: `/v1/profiles/${profileId}` });
        expect(notTheirs.statusCode).toBe(404);
        expect(notTheirs.json()).toMatchObject({ code: 'PROFILE_NOT_FOUND' });
      }
      expect((await call(t.app, owner, { url: `/v1/profiles/${profileId}` })).statusCode).toBe(200);
    });

    test('a read that began before a revocation does not keep the key it read', async () => {
      const tenant = await createTenant(t);
      const created = await mint(t, tenant);
      const cache = createApiKeyCache(createApiKeysStore(t.db.kysely));
      const keyHash = hashApiKey(created.key);
      const loading = cache.load(keyHash, clock.nowMs());
      cache.forget(created.id);
      expect((await loading)?.id).toBe(created.id);
      expect(cache.get(keyHash, clock.nowMs())).toBeUndefined();
      await cache.load(keyHash, clock.nowMs());
      expect(cache.get(keyHash, clock.nowMs())?.id).toBe(created.id);
      expect(cache.get(keyHash, clock.nowMs() + API_KEY_CACHE_TTL_MS)).toBeUndefined();
    });
  });
}

if (DIALECTS.includes('postgres')) {
  describe('postgres: a revocation made by another server process', () => {
    test(`is honoured by this process within ${API_KEY_CACHE_TTL_MS} ms (the cache TTL)`, async () => {
      const clock = manualClock(Date.now());
      const first = await buildTestApp('postgres');
      const second = await buildTestApp('postgres', { clock });
      try {
        const tenant = await createTenant(first);
        const created = await mint(first, tenant);
        expect((await call(second.app, tenant, { url: '/v1/profiles', key: created.key })).statusCode).toBe(
          200,
        );
        const revoked = await call(first.app, tenant, {
          method: 'DELETE',
          url: `/v1/api-keys/${created.id}`,
        });
        expect(revoked.statusCode).toBe(204);
        expect((await call(first.app, tenant, { url: '/v1/profiles', key: created.key })).statusCode).toBe(
          401,
        );
        // The other process read the key before the revocation and trusts it for at most the TTL.
        clock.advance(API_KEY_CACHE_TTL_MS - 1);
        expect((await call(second.app, tenant, { url: '/v1/profiles', key: created.key })).statusCode).toBe(
          200,
        );
        clock.advance(1);
        const refused = await call(second.app, tenant, { url: '/v1/profiles', key: created.key });
        expect(refused.statusCode).toBe(401);
        expect(refused.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid API key' });
      } finally {
        await first.close();
        await second.close();
      }
    });
  });
}
