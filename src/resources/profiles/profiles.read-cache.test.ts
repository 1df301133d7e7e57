import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  buildTestApp,
  call,
  createTenant,
  profileBody,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

/**
 * GET /profiles/{id} keeps profiles read on SQLite while the database is unchanged
 * (store/unchanged-database-cache.ts). Every way a profile changes must show on the very next read,
 * from this server and from another server process on the same database. PostgreSQL reads through;
 * the same behaviour is asserted there.
 */
for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /profiles/{id} after the profile changes`, () => {
    let here: TestApp & { databaseUrl: string; close(): Promise<void> };
    let there: TestApp & { close(): Promise<void> };
    beforeAll(async () => {
      here = await buildTestApp(dialect);
      // A second server process on the same database: its own app and its own connection.
      there = await buildTestApp(dialect, { databaseUrl: here.databaseUrl });
    });
    afterAll(async () => {
      await there.close();
      await here.close();
    });

    const get = (app: TestApp, tenant: TestTenant, id: string) =>
      call(app.app, tenant, { url: `/v1/profiles/${id}` });
    async function readProfile(tenant: TestTenant): Promise<string> {
      const res = await call(here.app, tenant, { method: 'POST', url: '/v1/profiles', body: profileBody() });
      expect(res.statusCode).toBe(201);
      const id = res.json<{ id: string }>().id;
      // Read twice: the second read is the one a cache would answer.
      expect((await get(here, tenant, id)).statusCode).toBe(200);
      expect((await get(here, tenant, id)).json()).toMatchObject({ customer_name: 'Margaret Hill' });
      return id;
    }

    test('a change through this server shows on the next read', async () => {
      const tenant = await createTenant(here);
      const id = await readProfile(tenant);
      const patched = await call(here.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${id}`,
        body: { customer_name: 'Margaret Hill-Jones' },
      });
      expect(patched.statusCode).toBe(200);
      expect((await get(here, tenant, id)).json()).toMatchObject({ customer_name: 'Margaret Hill-Jones' });
    });

    test('a write outside the profile routes (risk from scoring) shows on the next read', async () => {
      const tenant = await createTenant(here);
      const id = await readProfile(tenant);
      await here.db.kysely
        .updateTable('profiles')
        .set({ risk_score: 0.75, risk_level: 'HIGH', open_signal_count: 2 })
        .where('id', '=', id)
        .execute();
      expect((await get(here, tenant, id)).json()).toMatchObject({
        risk_score: 0.75,
        risk_level: 'HIGH',
        open_signal_count: 2,
      });
    });

    test('a profile erased through this server is 404 on the next read', async () => {
      const tenant = await createTenant(here);
      const id = await readProfile(tenant);
      const erased = await call(here.app, tenant, { method: 'DELETE', url: `/v1/profiles/${id}` });
      expect(erased.statusCode).toBe(204);
      const res = await get(here, tenant, id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    });

    test('a change committed by another server process shows on the next read', async () => {
      const tenant = await createTenant(here);
      const id = await readProfile(tenant);
      const patched = await call(there.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${id}`,
        body: { customer_name: 'Margaret Okafor' },
      });
      expect(patched.statusCode).toBe(200);
      expect((await get(here, tenant, id)).json()).toMatchObject({ customer_name: 'Margaret Okafor' });
    });

    test('a profile erased by another server process is 404 on the next read', async () => {
      const tenant = await createTenant(here);
      const id = await readProfile(tenant);
      expect(
        (await call(there.app, tenant, { method: 'DELETE', url: `/v1/profiles/${id}` })).statusCode,
      ).toBe(204);
      expect((await get(here, tenant, id)).statusCode).toBe(404);
    });

    test("a profile read under its tenant stays 404 under another tenant's key", async () => {
      const owner = await createTenant(here);
      const other = await createTenant(here);
      const id = await readProfile(owner);
      const res = await get(here, other, id);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    });
  });
}

describe('sqlite: a profile read again on a later day', () => {
  let nowMs = Date.parse('2026-03-08T12:00:00Z');
  let app: TestApp & { close(): Promise<void> };
  beforeAll(async () => {
    app = await buildTestApp('sqlite', { clock: { nowMs: () => nowMs } });
  });
  afterAll(async () => {
    await app.close();
  });

  test('shows the age of that day, though nothing in the database changed', async () => {
    const tenant = await createTenant(app);
    const body = profileBody({ date_of_birth: '1941-03-09' });
    const created = await call(app.app, tenant, { method: 'POST', url: '/v1/profiles', body });
    const id = created.json<{ id: string }>().id;
    const read = async () =>
      (await call(app.app, tenant, { url: `/v1/profiles/${id}` })).json<{ age: number }>();
    expect((await read()).age).toBe(84);
    expect((await read()).age).toBe(84);
    nowMs += 86_400_000; // the 85th birthday
    expect((await read()).age).toBe(85);
  });
});
