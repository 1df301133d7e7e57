import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import {
  call,
  createTenant,
  profileBody,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { hashApiKey } from '../../lib/api-key-token.js';
import { IDEMPOTENCY_TTL_MS, pruneIdempotency } from './idempotency.store.js';

async function productionKeyId(t: TestApp, tenant: TestTenant): Promise<string> {
  const row = await t.db.kysely
    .selectFrom('api_keys')
    .select('id')
    .where('key_hash', '=', hashApiKey(tenant.productionKey))
    .executeTakeFirstOrThrow();
  return row.id;
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: Idempotency-Key (api.md §4)`, () => {
    const t = useTestApp(dialect);
    const post = (tenant: Awaited<ReturnType<typeof createTenant>>, body: unknown, key: string) =>
      call(t.app, tenant, { method: 'POST', url: '/v1/profiles', body, headers: { 'idempotency-key': key } });

    test('replays the stored response for the same key and body, creating one profile', async () => {
      const tenant = await createTenant(t);
      const body = profileBody();
      const first = await post(tenant, body, 'create-1');
      expect(first.statusCode).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await post(tenant, body, 'create-1');
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(first.json());
      const list = (await call(t.app, tenant, { url: '/v1/profiles' })).json<{ data: unknown[] }>();
      expect(list.data).toHaveLength(1);
    });

    test('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body', async () => {
      const tenant = await createTenant(t);
      await post(tenant, profileBody(), 'create-2');
      const res = await post(tenant, profileBody(), 'create-2');
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        error: 'Unprocessable Entity',
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'Idempotency-Key was used with a different request',
      });
    });

    test('answers 409 IDEMPOTENCY_KEY_IN_USE while the first request is still running', async () => {
      const tenant = await createTenant(t);
      const body = profileBody();
      // Two identical requests at once: the one that claims the key runs, the other must not run too.
      const [a, b] = await Promise.all([post(tenant, body, 'race-1'), post(tenant, body, 'race-1')]);
      const statuses = [a.statusCode, b.statusCode].sort();
      expect([
        [201, 201],
        [201, 409],
      ]).toContainEqual(statuses);
      if (statuses[1] === 409) {
        const loser = a.statusCode === 409 ? a : b;
        expect(loser.json()).toMatchObject({
          code: 'IDEMPOTENCY_KEY_IN_USE',
          message: 'a request with this Idempotency-Key is still in progress',
        });
      }
      expect(
        (await call(t.app, tenant, { url: '/v1/profiles' })).json<{ data: unknown[] }>().data,
      ).toHaveLength(1);
    });

    test('answers 409 IDEMPOTENCY_KEY_IN_USE when a claim is held but has no response yet', async () => {
      const tenant = await createTenant(t);
      const body = profileBody();
      await t.db.kysely
        .insertInto('idempotency_keys')
        .values({
          tenant_id: tenant.tenantId,
          environment: 'production',
          caller_id: await productionKeyId(t, tenant),
          idempotency_key: 'held-1',
          request_hash: 'pending',
          response_status: null,
          response_body: null,
          created_at: Date.now(),
        })
        .execute();
      const res = await post(tenant, body, 'held-1');
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_USE' });
    });

    test('replays a refusal too, and does not claim a key for a request that failed validation', async () => {
      const tenant = await createTenant(t);
      const body = profileBody();
      await post(tenant, body, 'dup-a');
      const conflict = await post(tenant, body, 'dup-b');
      expect(conflict.statusCode).toBe(409);
      const replay = await post(tenant, body, 'dup-b');
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json().code).toBe('PROFILE_ALREADY_EXISTS');
      const invalid = await post(tenant, {}, 'fix-me');
      expect(invalid.statusCode).toBe(400);
      const fixed = await post(tenant, profileBody(), 'fix-me');
      expect(fixed.statusCode).toBe(201);
    });

    test('keys are scoped to the tenant and environment', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const body = profileBody();
      expect((await post(tenant, body, 'shared-key')).statusCode).toBe(201);
      expect((await post(other, body, 'shared-key')).statusCode).toBe(201);
      const sandbox = await call(t.app, tenant, {
        method: 'POST',
        url: '/sandbox/v1/profiles',
        body,
        headers: { 'idempotency-key': 'shared-key' },
      });
      expect(sandbox.statusCode).toBe(201);
      expect(sandbox.headers['idempotent-replayed']).toBeUndefined();
    });

    test('refuses an Idempotency-Key that is too long', async () => {
      const tenant = await createTenant(t);
      const res = await post(tenant, profileBody(), 'k'.repeat(256));
      expect(res.json()).toMatchObject({
        status: 400,
        message: 'Idempotency-Key must be 1 to 255 printable characters',
      });
    });
    test('replays only to the caller that made the request: another key of the tenant is not given the response', async () => {
      const tenant = await createTenant(t);
      const body = { name: 'full', scopes: ['profiles:read', 'api_keys:manage'] };
      const first = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/api-keys',
        body,
        headers: { 'idempotency-key': 'mint-1' },
      });
      expect(first.statusCode).toBe(201);
      const manager = (
        await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/api-keys',
          body: { name: 'manager', scopes: ['api_keys:manage'] },
        })
      ).json<{ key: string }>().key;
      const stolen = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/api-keys',
        body,
        key: manager,
        headers: { 'idempotency-key': 'mint-1' },
      });
      expect(stolen.headers['idempotent-replayed']).toBeUndefined();
      expect(stolen.statusCode).toBe(403);
      expect(stolen.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'API key lacks required scope: profiles:read',
      });
      expect(stolen.body).not.toContain(first.json<{ id: string }>().id);
    });

    test('never stores a minted API key: a replay answers the same status and body with key null', async () => {
      const tenant = await createTenant(t);
      const send = () =>
        call(t.app, tenant, {
          method: 'POST',
          url: '/v1/api-keys',
          body: { name: 'feed', scopes: ['profiles:read'] },
          headers: { 'idempotency-key': 'mint-2' },
        });
      const first = await send();
      const created = first.json<{ id: string; key: string }>();
      expect(created.key).toMatch(/^vgl_live_/);
      const again = await send();
      expect(again.statusCode).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual({ ...created, key: null });
      const rows = await t.db.kysely
        .selectFrom('idempotency_keys')
        .select('response_body')
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      expect(JSON.stringify(rows)).not.toContain(created.key);
    });

    test('never stores a webhook signing secret: a replay answers the same body with secret null', async () => {
      const tenant = await createTenant(t);
      const send = () =>
        call(t.app, tenant, {
          method: 'POST',
          url: '/v1/webhooks',
          body: { url: 'https://hooks.example.com/vigil', events: ['signal.created'] },
          headers: { 'idempotency-key': 'hook-1' },
        });
      const created = (await send()).json<{ id: string; secret: string }>();
      expect(created.secret).toMatch(/^whsec_/);
      const again = await send();
      expect(again.statusCode).toBe(201);
      expect(again.json()).toEqual({ ...created, secret: null });
      const rows = await t.db.kysely
        .selectFrom('idempotency_keys')
        .select('response_body')
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      expect(JSON.stringify(rows)).not.toContain(created.secret);
    });

    test('answers 422 IDEMPOTENCY_KEY_REUSED when only the query string differs (?scoring=false)', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const body = transactionBody();
      const send = (query: string) =>
        call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/transactions${query}`,
          body,
          headers: { 'idempotency-key': 'tx-1' },
        });
      expect((await send('?scoring=false')).statusCode).toBe(201);
      const scored = await send('');
      expect(scored.statusCode).toBe(422);
      expect(scored.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect((await send('?scoring=false')).headers['idempotent-replayed']).toBe('true');
    });
  });

  describe(`${dialect}: pruneIdempotency()`, () => {
    const t = useTestApp(dialect);

    test('deletes the rows older than 24 h and keeps the younger ones', async () => {
      const tenant = await createTenant(t);
      const nowMs = Date.now();
      const callerId = await productionKeyId(t, tenant);
      const row = (key: string, createdAt: number) => ({
        tenant_id: tenant.tenantId,
        environment: 'production',
        caller_id: callerId,
        idempotency_key: key,
        request_hash: 'h',
        response_status: 201,
        response_body: '{}',
        created_at: createdAt,
      });
      await t.db.kysely
        .insertInto('idempotency_keys')
        .values([
          row('expired', nowMs - IDEMPOTENCY_TTL_MS),
          row('abandoned', nowMs - IDEMPOTENCY_TTL_MS - 1),
          row('fresh', nowMs - IDEMPOTENCY_TTL_MS + 1000),
        ])
        .execute();
      const removed = await pruneIdempotency(t.db.kysely, nowMs);
      expect(removed).toBeGreaterThanOrEqual(2);
      const left = await t.db.kysely
        .selectFrom('idempotency_keys')
        .select('idempotency_key')
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      expect(left.map((r) => r.idempotency_key)).toEqual(['fresh']);
    });
  });
}
