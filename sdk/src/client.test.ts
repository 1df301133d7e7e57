import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from 'vitest';
import { buildTestApp, createTenant, type TestTenant } from '../../test/helpers/test-app.js';
import {
  createVigilClient,
  unwrap,
  VigilApiError,
  type ListItem,
  type ListPath,
  type VigilClientOptions,
} from './index.js';

let built: Awaited<ReturnType<typeof buildTestApp>>;
let baseUrl: string;
let tenant: TestTenant;

beforeAll(async () => {
  built = await buildTestApp('sqlite');
  baseUrl = await built.app.listen({ port: 0, host: '127.0.0.1' });
  tenant = await createTenant(built);
});
afterAll(async () => {
  await built.close();
});

/** A client of the tenant that records the method and URL of every request it sends. */
function client(
  environment: 'production' | 'sandbox' = 'production',
  extra: Partial<VigilClientOptions> = {},
) {
  const sent: string[] = [];
  const vigil = createVigilClient({
    baseUrl,
    environment,
    tenantId: tenant.tenantId,
    apiKey: environment === 'production' ? tenant.productionKey : tenant.sandboxKey,
    fetch: (input, init) => {
      const request = new Request(input, init);
      sent.push(`${request.method} ${request.url.slice(baseUrl.length)}`);
      return fetch(request);
    },
    ...extra,
  });
  return { vigil, sent };
}

/** The VigilApiError a call rejects with. */
async function failure(call: Promise<unknown>): Promise<VigilApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof VigilApiError) return error;
    throw error;
  }
  throw new Error('the call succeeded');
}

let sequence = 0;
function newProfile(name = 'Margaret Hill') {
  sequence += 1;
  return {
    customer_id: `SDK-${process.pid}-${sequence}-${Date.now()}`,
    customer_name: name,
    date_of_birth: '1941-03-09',
    enrollment_reason: 'AGE_THRESHOLD' as const,
  };
}

describe('createVigilClient against the real app', () => {
  test('creates a profile and reads it back through the production base path', async () => {
    const { vigil, sent } = client();
    const body = newProfile();

    const created = await vigil.POST('/profiles', { body });
    expect(created.response.status).toBe(201);
    const profile = unwrap(created);
    expect(profile).toMatchObject({ customer_id: body.customer_id, status: 'ACTIVE', currency: 'USD' });

    const read = unwrap(
      await vigil.GET('/profiles/{profile_id}', { params: { path: { profile_id: profile.id } } }),
    );
    expect(read.id).toBe(profile.id);
    expect(read.customer_name).toBe('Margaret Hill');
    expect(sent).toEqual(['POST /v1/profiles', `GET /v1/profiles/${profile.id}`]);
    expect(vigil.apiUrl).toBe(`${baseUrl}/v1`);
  });

  test('pages through five profiles two at a time, newest first, following next_cursor', async () => {
    const { vigil: sandbox, sent } = client('sandbox');
    const created: string[] = [];
    for (let i = 0; i < 5; i++)
      created.push(unwrap(await sandbox.POST('/profiles', { body: newProfile(`Customer ${i}`) })).id);
    sent.length = 0;

    const seen: string[] = [];
    for await (const profile of sandbox.paginate('/profiles', { query: { limit: 2 } })) seen.push(profile.id);

    expect(seen).toEqual([...created].reverse());
    expect(sent).toHaveLength(3);
    expect(sent[0]).toBe('GET /sandbox/v1/profiles?limit=2');
    expect(sent[1]).toMatch(/^GET \/sandbox\/v1\/profiles\?limit=2&cursor=/);
  });

  test('paginates a list route with a path parameter and yields nothing for an empty list', async () => {
    const { vigil } = client();
    const profile = unwrap(await vigil.POST('/profiles', { body: newProfile() }));
    const items = [];
    for await (const t of vigil.paginate('/profiles/{profile_id}/transactions', {
      path: { profile_id: profile.id },
      query: { limit: 10 },
    }))
      items.push(t);
    expect(items).toEqual([]);
  });

  test('keeps production and sandbox data apart', async () => {
    const { vigil: production } = client('production');
    const { vigil: sandbox } = client('sandbox');
    const profile = unwrap(await production.POST('/profiles', { body: newProfile() }));

    const missing = await sandbox.GET('/profiles/{profile_id}', {
      params: { path: { profile_id: profile.id } },
    });
    expect(missing.response.status).toBe(404);
    expect(missing.error?.code).toBe('PROFILE_NOT_FOUND');
  });

  test('throws VigilApiError carrying the error body of api.md §3 for a non-2xx answer', async () => {
    const { vigil } = client();
    const body = newProfile();
    unwrap(await vigil.POST('/profiles', { body }));

    const conflict = await failure(vigil.POST('/profiles', { body }).then(unwrap));
    expect(conflict).toBeInstanceOf(VigilApiError);
    expect(conflict.status).toBe(409);
    expect(conflict.code).toBe('PROFILE_ALREADY_EXISTS');
    expect(conflict.body).toMatchObject({
      error: 'Conflict',
      message: 'profile already exists for customer_id',
      status: 409,
    });
    expect(conflict.requestId).toMatch(/\S/);

    const invalid = await failure(
      vigil.POST('/profiles', { body: { ...newProfile(), customer_name: '' } }).then(unwrap),
    );
    expect(invalid.code).toBe('VALIDATION_ERROR');
    expect(invalid.details?.[0]?.field).toBe('customer_name');
  });

  test('rejects a key of the other environment with 403 FORBIDDEN', async () => {
    const { vigil } = client('production', { apiKey: tenant.sandboxKey });
    const res = await vigil.GET('/profiles');
    expect(res.response.status).toBe(403);
    expect(res.error?.message).toBe('sandbox keys cannot access production endpoints');
  });

  test('sends an Idempotency-Key on every POST, so the server replays a repeat of the same call', async () => {
    const key = `sdk-${process.pid}-${Date.now()}`;
    const { vigil } = client('production', { retry: { idempotencyKey: () => key } });
    const body = newProfile();

    const first = await vigil.POST('/profiles', { body });
    const again = await vigil.POST('/profiles', { body });

    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data?.id).toBe(first.data?.id);
  });

  test('deletes a profile (204, no body)', async () => {
    const { vigil } = client();
    const profile = unwrap(await vigil.POST('/profiles', { body: newProfile() }));
    const deleted = await vigil.DELETE('/profiles/{profile_id}', {
      params: { path: { profile_id: profile.id } },
    });
    expect(deleted.response.status).toBe(204);
    const gone = await vigil.GET('/profiles/{profile_id}', { params: { path: { profile_id: profile.id } } });
    expect(gone.response.status).toBe(404);
  });

  test('types paginate: list routes only, their path parameters required, items typed', () => {
    const { vigil } = client();
    // A generator runs nothing until it is iterated: these only exercise the types.
    // @ts-expect-error -- /healthz is not a list route
    void vigil.paginate('/healthz');
    // @ts-expect-error -- the route needs its profile_id
    void vigil.paginate('/profiles/{profile_id}/transactions');
    // @ts-expect-error -- the cursor is paginate's to follow
    void vigil.paginate('/profiles', { query: { cursor: 'x' } });
    expectTypeOf<'/profiles' | '/signals' | '/rules' | '/audit-events'>().toExtend<ListPath>();
    expectTypeOf<ListItem<'/profiles'>['customer_id']>().toEqualTypeOf<string>();
    expectTypeOf<ListItem<'/signals'>['status']>().toEqualTypeOf<'ACTIVE' | 'CONFIRMED' | 'DISMISSED'>();
  });
});
