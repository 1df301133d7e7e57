import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, profileBody, useTestApp } from '../../../test/helpers/test-app.js';

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
  });
}
