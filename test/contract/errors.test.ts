import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../helpers/dialects.js';
import { buildTestApp, call, createTenant, profileBody, useTestApp } from '../helpers/test-app.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Rate Limited',
  500: 'Internal Server Error',
};

/** The whole api.md §3 body: title, status, code, message, and the request ID of the response header. */
function expectError(
  res: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
  message: string,
) {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json() as Record<string, unknown>;
  expect(body).toMatchObject({
    error: TITLES[status],
    status,
    code,
    message,
    request_id: res.headers['x-request-id'],
  });
  expect(Object.keys(body).filter((k) => k !== 'details')).toEqual([
    'error',
    'message',
    'status',
    'code',
    'request_id',
  ]);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: error contract (api.md §3)`, () => {
    const t = useTestApp(dialect, { env: { BODY_LIMIT_BYTES: '2048' } });

    test('VALIDATION_ERROR "customer_id is required"', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: {} });
      expectError(res, 400, 'VALIDATION_ERROR', 'customer_id is required');
    });

    test('router errors are in the error shape: a path parameter too long, a bad percent-escape', async () => {
      const tenant = await createTenant(t);
      // Found by the fuzz (test/fuzz): Fastify answered these itself, 414 and 400 with `statusCode`.
      expectError(
        await call(t.app, tenant, { method: 'POST', url: `/v1/signals/${'x'.repeat(150)}/reopen` }),
        400,
        'VALIDATION_ERROR',
        'path parameter too long',
      );
      expectError(
        await call(t.app, tenant, { url: '/v1/profiles/%E0%A4%A' }),
        400,
        'VALIDATION_ERROR',
        'URL is not valid: bad percent-encoding',
      );
    });

    test('VALIDATION_ERROR "invalid profile ID"', async () => {
      const tenant = await createTenant(t);
      expectError(
        await call(t.app, tenant, { url: '/v1/profiles/123' }),
        400,
        'VALIDATION_ERROR',
        'invalid profile ID',
      );
    });

    test('VALIDATION_ERROR "request body is not valid JSON" for malformed JSON, storing nothing', async () => {
      const tenant = await createTenant(t);
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/profiles',
        headers: {
          authorization: `Bearer ${tenant.productionKey}`,
          'x-tenant-id': tenant.tenantId,
          'content-type': 'application/json',
        },
        payload: '{"customer_id": "C1", ',
      });
      expectError(res, 400, 'VALIDATION_ERROR', 'request body is not valid JSON');
      const list = await call(t.app, tenant, { url: '/v1/profiles' });
      expect(list.json<{ data: unknown[] }>().data).toEqual([]);
    });

    test('VALIDATION_ERROR for a body that is not an object', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body: [1, 2] });
      expectError(res, 400, 'VALIDATION_ERROR', 'request body must be a JSON object');
    });

    test('PROFILE_NOT_FOUND "profile not found"', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, { url: '/v1/profiles/01890000-0000-7000-8000-000000000001' });
      expectError(res, 404, 'PROFILE_NOT_FOUND', 'profile not found');
    });

    test('INVALID_STATUS_TRANSITION "cannot transition from DECEASED to ACTIVE"', async () => {
      const tenant = await createTenant(t);
      const id = (
        await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/profiles',
          body: profileBody({ status: 'DECEASED' }),
        })
      ).json<{
        id: string;
      }>().id;
      const res = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${id}`,
        body: { status: 'ACTIVE' },
      });
      expectError(res, 409, 'INVALID_STATUS_TRANSITION', 'cannot transition from DECEASED to ACTIVE');
    });

    test('TENANT_NOT_FOUND "missing tenant ID" and "invalid tenant ID"', async () => {
      const tenant = await createTenant(t);
      const headers = { authorization: `Bearer ${tenant.productionKey}` };
      expectError(
        await t.app.inject({ url: '/v1/profiles', headers }),
        401,
        'TENANT_NOT_FOUND',
        'missing tenant ID',
      );
      expectError(
        await t.app.inject({ url: '/v1/profiles', headers: { ...headers, 'x-tenant-id': '' } }),
        401,
        'TENANT_NOT_FOUND',
        'missing tenant ID',
      );
      expectError(
        await t.app.inject({ url: '/v1/profiles', headers: { ...headers, 'x-tenant-id': 'bank-1' } }),
        401,
        'TENANT_NOT_FOUND',
        'invalid tenant ID',
      );
      const unknownTenant = await t.app.inject({
        url: '/v1/profiles',
        headers: { ...headers, 'x-tenant-id': '01890000-0000-7000-8000-000000000002' },
      });
      expectError(unknownTenant, 401, 'TENANT_NOT_FOUND', 'invalid tenant ID');
    });

    test('checks the tenant header before the key', async () => {
      const res = await t.app.inject({ url: '/v1/profiles' });
      expectError(res, 401, 'TENANT_NOT_FOUND', 'missing tenant ID');
    });

    test('UNAUTHORIZED "missing API key", and "invalid API key" for malformed, unknown, revoked and expired keys', async () => {
      const tenant = await createTenant(t);
      const base = { 'x-tenant-id': tenant.tenantId };
      expectError(
        await t.app.inject({ url: '/v1/profiles', headers: base }),
        401,
        'UNAUTHORIZED',
        'missing API key',
      );
      for (const authorization of [
        'Basic abc',
        `Bearer`,
        `Bearer ${tenant.productionKey.slice(0, -1)}${tenant.productionKey.endsWith('x') ? 'y' : 'x'}`,
        'Bearer vgl_live_' + 'a'.repeat(38),
      ]) {
        const res = await t.app.inject({ url: '/v1/profiles', headers: { ...base, authorization } });
        expectError(res, 401, 'UNAUTHORIZED', 'invalid API key');
      }
    });

    test('FORBIDDEN for the wrong environment and a missing scope', async () => {
      const tenant = await createTenant(t);
      expectError(
        await call(t.app, tenant, { url: '/v1/profiles', key: tenant.sandboxKey }),
        403,
        'FORBIDDEN',
        'sandbox keys cannot access production endpoints',
      );
      expectError(
        await call(t.app, tenant, { url: '/sandbox/v1/profiles', key: tenant.productionKey }),
        403,
        'FORBIDDEN',
        'production keys cannot access sandbox endpoints',
      );
    });

    test('NOT_FOUND "route not found" for unknown routes and methods', async () => {
      const tenant = await createTenant(t);
      // A GET outside the server's paths is the console's client route (index.html); other methods are not.
      expectError(
        await t.app.inject({ method: 'POST', url: '/nothing-here' }),
        404,
        'NOT_FOUND',
        'route not found',
      );
      expectError(await t.app.inject({ url: '/v1/nothing-here' }), 404, 'NOT_FOUND', 'route not found');
      expectError(await call(t.app, tenant, { url: '/v1/unknown' }), 404, 'NOT_FOUND', 'route not found');
      expectError(
        await call(t.app, tenant, { method: 'PUT', url: '/v1/profiles' }),
        404,
        'NOT_FOUND',
        'route not found',
      );
    });

    test('PROFILE_ALREADY_EXISTS "profile already exists for customer_id"', async () => {
      const tenant = await createTenant(t);
      const body = profileBody();
      await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body });
      const res = await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body });
      expectError(res, 409, 'PROFILE_ALREADY_EXISTS', 'profile already exists for customer_id');
    });

    test('INVALID_ENROLLMENT_REASON "invalid enrollment_reason" in a body and in a query filter', async () => {
      const tenant = await createTenant(t);
      const body = profileBody({ enrollment_reason: 'LONELY' });
      expectError(
        await call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body }),
        400,
        'INVALID_ENROLLMENT_REASON',
        'invalid enrollment_reason',
      );
      expectError(
        await call(t.app, tenant, { url: '/v1/profiles?enrollment_reason=LONELY' }),
        400,
        'INVALID_ENROLLMENT_REASON',
        'invalid enrollment_reason',
      );
    });

    test('PAYLOAD_TOO_LARGE "request body too large"', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/profiles',
        body: profileBody({ enrollment_notes: 'x'.repeat(3000) }),
      });
      expectError(res, 413, 'PAYLOAD_TOO_LARGE', 'request body too large');
    });

    test('UNSUPPORTED_MEDIA_TYPE "content type must be application/json"', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/profiles',
        body: 'customer_id=C1',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'content type must be application/json');
    });

    test('echoes a sane X-Request-ID and replaces an unsafe one', async () => {
      const kept = await t.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bank-trace-42' } });
      expect(kept.headers['x-request-id']).toBe('bank-trace-42');
      const replaced = await t.app.inject({
        url: '/v1/nothing',
        headers: { 'x-request-id': 'bad id with spaces' },
      });
      expect(replaced.headers['x-request-id']).toMatch(/^req_[0-9a-f]{32}$/);
      expect(replaced.json<{ request_id: string }>().request_id).toBe(replaced.headers['x-request-id']);
    });
  });

  describe(`${dialect}: INTERNAL_ERROR`, () => {
    test('answers 500 "internal server error" without leaking the cause when the database is gone', async () => {
      const built = await buildTestApp(dialect);
      try {
        const tenant = await createTenant(built);
        await built.db.close();
        const res = await call(built.app, tenant, { url: '/v1/profiles' });
        expectError(res, 500, 'INTERNAL_ERROR', 'internal server error');
        expect(res.body).not.toMatch(/select|sqlite|pool|database|stack|at /i);
      } finally {
        await built.app.close();
      }
    });
  });
}
