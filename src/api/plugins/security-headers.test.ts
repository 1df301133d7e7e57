import helmet from 'helmet';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  call,
  createTenant,
  profileBody,
  useTestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { API_HELMET_OPTIONS } from './security-headers.js';

/** What helmet itself sets for the API's policy, recorded from its middleware. */
function helmetHeaders(): { set: Map<string, string>; removed: string[] } {
  const set = new Map<string, string>();
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string) => set.set(name.toLowerCase(), value),
    removeHeader: (name: string) => removed.push(name.toLowerCase()),
  };
  helmet(API_HELMET_OPTIONS)({} as never, recorder as never, () => undefined);
  return { set, removed };
}

function expectApiSecurityHeaders(res: LightMyRequestResponse) {
  const { set, removed } = helmetHeaders();
  expect(set.size).toBeGreaterThan(10);
  for (const [name, value] of set) expect(res.headers[name], name).toBe(value);
  for (const name of removed) expect(res.headers[name], name).toBeUndefined();
  expect(res.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
}

/**
 * Under /v1 and /sandbox/v1 the security headers go into Fastify's reply headers rather than onto
 * Node's response (security-headers.ts); elsewhere onto Node's response. Every API response carries
 * helmet's full set with helmet's values, successes and refusals alike.
 */
for (const dialect of DIALECTS) {
  describe(`${dialect}: the API's security headers`, () => {
    const testApp = useTestApp(dialect);
    let tenant: TestTenant;
    let profileId: string;
    beforeAll(async () => {
      tenant = await createTenant(testApp);
      const created = await call(testApp.app, tenant, {
        method: 'POST',
        url: '/v1/profiles',
        body: profileBody(),
      });
      expect(created.statusCode).toBe(201);
      profileId = created.json<{ id: string }>().id;
    });

    test('a profile read carries every header helmet sets, beside the rate-limit headers', async () => {
      for (let i = 0; i < 2; i++) {
        const res = await call(testApp.app, tenant, { url: `/v1/profiles/${profileId}` });
        expect(res.statusCode).toBe(200);
        expectApiSecurityHeaders(res);
        expect(res.headers['x-ratelimit-limit']).toBeDefined();
        expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      }
    });

    test('refusals carry them too: no key, another tenant, a route that does not exist', async () => {
      const noKey = await testApp.app.inject({
        url: `/v1/profiles/${profileId}`,
        headers: { 'x-tenant-id': tenant.tenantId },
      });
      expect(noKey.statusCode).toBe(401);
      expectApiSecurityHeaders(noKey);
      const other = await createTenant(testApp, 'Other Bank');
      const foreign = await call(testApp.app, other, { url: `/v1/profiles/${profileId}` });
      expect(foreign.statusCode).toBe(404);
      expectApiSecurityHeaders(foreign);
      const missing = await call(testApp.app, tenant, { url: '/v1/no-such-route' });
      expect(missing.statusCode).toBe(404);
      expectApiSecurityHeaders(missing);
    });

    test('the sandbox base carries the same set', async () => {
      const sandbox = await call(testApp.app, tenant, { url: '/sandbox/v1/profiles?limit=1' });
      expect(sandbox.statusCode).toBe(200);
      expectApiSecurityHeaders(sandbox);
    });
  });
}
