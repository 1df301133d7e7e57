import { describe, expect, test } from 'vitest';
import { useTestApp } from '../helpers/test-app.js';
import { RULE_TYPES } from '../../src/domain/values/enums.js';

describe('GET /openapi.json', () => {
  const t = useTestApp('sqlite');

  test('is an OpenAPI 3.1 document listing every route once, without its base', async () => {
    const res = await t.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers.map((s: { url: string }) => s.url)).toEqual(['/v1', '/sandbox/v1']);
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/profiles',
        '/profiles/{profile_id}',
        '/api-keys',
        '/api-keys/{api_key_id}',
        '/audit-events',
        '/healthz',
        '/readyz',
        '/metrics',
      ]),
    );
    expect(paths.some((p) => p.startsWith('/sandbox') || p.startsWith('/v1'))).toBe(false);
    expect(doc.paths['/healthz'].servers).toEqual([
      { url: '/', description: 'operator routes, no authentication', 'x-internal': true },
    ]);
  });

  test('documents browser sessions: the /auth routes at the root, the users API, the cookie security scheme', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    for (const path of ['/auth/login', '/auth/logout', '/auth/me', '/auth/environment', '/auth/password'])
      expect(doc.paths[path].servers).toEqual([
        { url: '/', description: 'browser sign-in (session cookie)' },
      ]);
    expect(doc.paths['/auth/login'].post.security).toEqual([]);
    expect(doc.paths['/auth/me'].get.security).toEqual([{ session: [] }]);
    const login = doc.paths['/auth/login'].post;
    expect(login.requestBody.content['application/json'].schema.required).toEqual([
      'email',
      'password',
      'tenant_id',
      'environment',
    ]);
    expect(Object.keys(login.responses['200'].content['application/json'].schema.properties)).toEqual([
      'user',
      'environment',
      'csrf_token',
      'scopes',
      'expires_at',
      'idle_expires_at',
    ]);
    expect(Object.keys(doc.paths['/users'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/users/{user_id}'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(doc.components.securitySchemes.session).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'vigil_session',
    });
    expect(doc.components.securitySchemes.csrf).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'X-CSRF-Token',
    });
    expect(doc.security).toEqual([
      { apiKey: [], tenant: [] },
      { session: [], csrf: [] },
    ]);
  });

  test('documents request validation from the same schemas, enums and error responses included', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    const create = doc.paths['/profiles'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['customer_id', 'customer_name', 'date_of_birth', 'enrollment_reason']);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties.enrollment_reason.enum).toContain('DIMINISHED_CAPACITY_CONCERN');
    expect(Object.keys(create.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '429', '500']),
    );
    expect(create.responses['400'].content['application/json'].schema.properties.code.enum).toContain(
      'VALIDATION_ERROR',
    );
  });

  test('exposes every rule type’s parameter schema as a component', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json();
    expect(doc.components.schemas.VELOCITYParameters.properties.mode.enum).toContain('round_cash');
    expect(doc.components.schemas.THRESHOLDParameters.additionalProperties).toBe(false);
    expect(
      Object.keys(doc.components.schemas)
        .filter((k: string) => k.endsWith('Parameters'))
        .sort(),
    ).toEqual(RULE_TYPES.map((type) => `${type}Parameters`).sort());
  });

  test('GET /docs renders the reference', async () => {
    const res = await t.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
  });
});

describe('operator routes', () => {
  const t = useTestApp('sqlite', { env: { METRICS_TOKEN: 'ops-secret' } });

  test('GET /healthz and GET /readyz answer without authentication', async () => {
    expect((await t.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ready' });
  });

  test('GET /metrics serves Prometheus text behind the operator token', async () => {
    await t.app.inject({ url: '/healthz' });
    const refused = await t.app.inject({ url: '/metrics' });
    expect(refused.statusCode).toBe(401);
    const res = await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer ops-secret' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toContain('vigil_http_requests_total{method="GET",route="/healthz",status="200"}');
    expect(res.body).toContain('# TYPE vigil_http_request_duration_seconds histogram');
  });
});

describe('GET /openapi.json declares the headers of the API', () => {
  const t = useTestApp('sqlite');
  type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  test('rate-limit, request-ID and replay headers on responses; Idempotency-Key and X-Request-ID on requests', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json<Json>();
    expect(Object.keys(doc.components.headers).sort()).toEqual([
      'Idempotent-Replayed',
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Request-ID',
    ]);
    const create = doc.paths['/profiles'].post;
    expect(Object.keys(create.responses['201'].headers).sort()).toEqual([
      'Idempotent-Replayed',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Request-ID',
    ]);
    expect(create.responses['429'].headers['Retry-After']).toEqual({
      $ref: '#/components/headers/Retry-After',
    });
    expect(create.responses['500'].headers).toEqual({
      'X-Request-ID': { $ref: '#/components/headers/X-Request-ID' },
    });
    expect(create.parameters).toEqual(
      expect.arrayContaining([
        { $ref: '#/components/parameters/IdempotencyKey' },
        { $ref: '#/components/parameters/RequestId' },
      ]),
    );
    expect(doc.components.parameters.IdempotencyKey).toMatchObject({ name: 'Idempotency-Key', in: 'header' });
    // A read takes no Idempotency-Key and is never replayed.
    const list = doc.paths['/profiles'].get;
    expect(list.parameters).not.toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(list.responses['200'].headers['Idempotent-Replayed']).toBeUndefined();
    expect(list.responses['200'].headers['X-RateLimit-Limit']).toBeDefined();
  });

  test('health and metrics routes declare security: [] and no rate-limit headers; API routes keep the default', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json<Json>();
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect(doc.paths[path].get.security).toEqual([]);
      expect(doc.paths[path].get.responses['200'].headers['X-RateLimit-Limit']).toBeUndefined();
    }
    expect(doc.paths['/profiles'].get.security).toBeUndefined();
    expect(doc.security).toEqual([
      { apiKey: [], tenant: [] },
      { session: [], csrf: [] },
    ]);
  });

  test('integers carry int32/int64 formats in the document but validation is unchanged', async () => {
    const doc = (await t.app.inject({ url: '/openapi.json' })).json<Json>();
    const limit = (doc.paths['/profiles'].get.parameters as Json[]).find((p) => p.name === 'limit');
    expect(limit?.schema.format).toBe('int32');
    expect(doc.components.schemas.VELOCITYParameters.properties.window_hours.format).toBe('int32');
  });
});
