import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { createProfilesStore } from './profiles.store.js';
import {
  call,
  createTenant,
  profileBody,
  useTestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: /profiles`, () => {
    const t = useTestApp(dialect);
    const create = (tenant: TestTenant, body: unknown, url = '/v1/profiles') =>
      call(t.app, tenant, { method: 'POST', url, body });
    const count = async (tenant: TestTenant) =>
      (await call(t.app, tenant, { url: '/v1/profiles?limit=200' })).json<{ data: unknown[] }>().data.length;

    describe('POST /profiles', () => {
      test('creates a profile with defaults and a derived age', async () => {
        const tenant = await createTenant(t);
        const res = await create(
          tenant,
          profileBody({ customer_name: 'Ruth Baker', date_of_birth: '1940-01-15' }),
        );
        expect(res.statusCode).toBe(201);
        const profile = res.json();
        expect(profile).toMatchObject({
          customer_name: 'Ruth Baker',
          date_of_birth: '1940-01-15',
          currency: 'USD',
          status: 'ACTIVE',
          risk_score: 0,
          risk_level: 'NONE',
          open_signal_count: 0,
          baseline_status: 'NONE',
          enrollment_notes: null,
          trusted_contact: null,
          date_of_death: null,
          metadata: null,
        });
        const today = new Date();
        const hadBirthday = today.getUTCMonth() > 0 || today.getUTCDate() >= 15;
        expect(profile.age).toBe(today.getUTCFullYear() - 1940 - (hadBirthday ? 0 : 1));
        expect(profile.id).toMatch(/^[0-9a-f-]{36}$/);
      });

      test.each([
        [{}, 'customer_id is required'],
        [{ customer_id: 'C1' }, 'customer_name is required'],
        [{ customer_id: 'C1', customer_name: 'A' }, 'date_of_birth is required'],
        [
          { customer_id: 'C1', customer_name: 'A', date_of_birth: '1940-01-01' },
          'enrollment_reason is required',
        ],
      ])('reports missing required fields in the resource order: %j', async (body, message) => {
        const tenant = await createTenant(t);
        const res = await create(tenant, body);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          error: 'Bad Request',
          status: 400,
          code: 'VALIDATION_ERROR',
          message,
        });
      });

      test('lists every problem in details and the first as message', async () => {
        const tenant = await createTenant(t);
        const res = await create(tenant, { customer_name: 7, enrollment_reason: 'NOPE', color: 'red' });
        expect(res.json().message).toBe('customer_id is required');
        expect(res.json().details).toEqual([
          { field: 'customer_id', message: 'customer_id is required' },
          { field: 'customer_name', message: 'customer_name must be a string' },
          { field: 'date_of_birth', message: 'date_of_birth is required' },
          { field: 'enrollment_reason', message: 'invalid enrollment_reason' },
          { field: 'color', message: 'color is not allowed' },
        ]);
      });

      test.each([
        [{ enrollment_reason: 'SOMETHING' }, 'INVALID_ENROLLMENT_REASON', 'invalid enrollment_reason'],
        [{ enrollment_reason: 3 }, 'INVALID_ENROLLMENT_REASON', 'invalid enrollment_reason'],
        [{ nickname: 'Peg' }, 'VALIDATION_ERROR', 'nickname is not allowed'],
        [{ customer_id: '' }, 'VALIDATION_ERROR', 'customer_id must not be empty'],
        [{ customer_id: 'x'.repeat(129) }, 'VALIDATION_ERROR', 'customer_id must be at most 128 characters'],
        [
          { customer_name: 'x'.repeat(201) },
          'VALIDATION_ERROR',
          'customer_name must be at most 200 characters',
        ],
        [{ date_of_birth: '1941-02-30' }, 'VALIDATION_ERROR', 'date_of_birth must be a date (YYYY-MM-DD)'],
        [
          { date_of_birth: '2999-01-01' },
          'VALIDATION_ERROR',
          'date_of_birth must be a real date in the past',
        ],
        [{ currency: 'usd' }, 'VALIDATION_ERROR', 'currency must be an ISO 4217 code'],
        [{ currency: 'ZZZ' }, 'VALIDATION_ERROR', 'currency must be an ISO 4217 code'],
        [
          { enrollment_reason: 'OTHER' },
          'VALIDATION_ERROR',
          'enrollment_notes is required when enrollment_reason is OTHER',
        ],
        [
          { enrollment_notes: 'x'.repeat(2001) },
          'VALIDATION_ERROR',
          'enrollment_notes must be at most 2000 characters',
        ],
        [
          { date_of_death: '2020-01-01' },
          'VALIDATION_ERROR',
          'date_of_death is only allowed with status DECEASED',
        ],
        [{ trusted_contact: { phone: '555' } }, 'VALIDATION_ERROR', 'trusted_contact.name is required'],
        [
          { trusted_contact: { name: 'Ann', email: 'nope' } },
          'VALIDATION_ERROR',
          'trusted_contact.email must be an email address',
        ],
        [{ metadata: { blob: 'x'.repeat(9000) } }, 'VALIDATION_ERROR', 'metadata must be at most 8 KiB'],
        [{ metadata: 'text' }, 'VALIDATION_ERROR', 'metadata must be an object'],
      ])('refuses %j with %s "%s" and stores nothing', async (overrides, code, message) => {
        const tenant = await createTenant(t);
        const res = await create(tenant, profileBody(overrides));
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ status: 400, code, message });
        expect(await count(tenant)).toBe(0);
      });

      test('accepts OTHER with notes, a trusted contact, metadata and another currency', async () => {
        const tenant = await createTenant(t);
        const body = profileBody({
          enrollment_reason: 'OTHER',
          enrollment_notes: 'Branch manager asked',
          currency: 'CAD',
          trusted_contact: {
            name: 'Ann Hill',
            relationship: 'daughter',
            phone: '+1 555 0100',
            email: 'ann@example.com',
          },
          metadata: { branch: 12 },
        });
        const res = await create(tenant, body);
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({
          enrollment_reason: 'OTHER',
          currency: 'CAD',
          trusted_contact: body.trusted_contact as object,
          metadata: { branch: 12 },
        });
      });

      test('defaults date_of_death to today when created DECEASED', async () => {
        const tenant = await createTenant(t);
        const res = await create(tenant, profileBody({ status: 'DECEASED' }));
        expect(res.json()).toMatchObject({
          status: 'DECEASED',
          date_of_death: new Date().toISOString().slice(0, 10),
        });
      });

      test('returns 409 PROFILE_ALREADY_EXISTS for a second profile with the same customer_id', async () => {
        const tenant = await createTenant(t);
        const body = profileBody();
        expect((await create(tenant, body)).statusCode).toBe(201);
        const res = await create(tenant, { ...body, customer_name: 'Someone Else' });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toMatchObject({
          error: 'Conflict',
          code: 'PROFILE_ALREADY_EXISTS',
          message: 'profile already exists for customer_id',
        });
        expect(await count(tenant)).toBe(1);
      });

      test('allows the same customer_id in the other environment and in another tenant', async () => {
        const tenant = await createTenant(t);
        const other = await createTenant(t);
        const body = profileBody();
        expect((await create(tenant, body)).statusCode).toBe(201);
        expect((await create(tenant, body, '/sandbox/v1/profiles')).statusCode).toBe(201);
        expect((await create(other, body)).statusCode).toBe(201);
      });
    });

    describe('GET /profiles', () => {
      test('pages newest first with a cursor and no overlap', async () => {
        const tenant = await createTenant(t);
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push((await create(tenant, profileBody())).json<{ id: string }>().id);
        const first = (await call(t.app, tenant, { url: '/v1/profiles?limit=2' })).json();
        expect(first.data.map((p: { id: string }) => p.id)).toEqual([ids[4], ids[3]]);
        expect(first.has_more).toBe(true);
        const second = (
          await call(t.app, tenant, { url: `/v1/profiles?limit=2&cursor=${first.next_cursor}` })
        ).json();
        expect(second.data.map((p: { id: string }) => p.id)).toEqual([ids[2], ids[1]]);
        const third = (
          await call(t.app, tenant, { url: `/v1/profiles?limit=2&cursor=${second.next_cursor}` })
        ).json();
        expect(third).toMatchObject({ has_more: false, next_cursor: null });
        expect(third.data.map((p: { id: string }) => p.id)).toEqual([ids[0]]);
      });

      test('filters by status, customer_id and enrollment_reason', async () => {
        const tenant = await createTenant(t);
        const a = (await create(tenant, profileBody({ enrollment_reason: 'STAFF_REFERRAL' }))).json();
        const b = (await create(tenant, profileBody())).json();
        await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${b.id}`,
          body: { status: 'SUSPENDED' },
        });
        const ids = async (query: string) =>
          (await call(t.app, tenant, { url: `/v1/profiles?${query}` }))
            .json()
            .data.map((p: { id: string }) => p.id);
        expect(await ids('status=SUSPENDED')).toEqual([b.id]);
        expect(await ids(`customer_id=${encodeURIComponent(a.customer_id)}`)).toEqual([a.id]);
        expect(await ids('enrollment_reason=STAFF_REFERRAL')).toEqual([a.id]);
        expect(await ids('risk_level=NONE')).toEqual([b.id, a.id]);
      });

      test.each([
        ['enrollment_reason=NOPE', 'INVALID_ENROLLMENT_REASON', 'invalid enrollment_reason'],
        ['status=ALIVE', 'VALIDATION_ERROR', 'status must be one of ACTIVE, SUSPENDED, CLOSED, DECEASED'],
        [
          'risk_level=EXTREME',
          'VALIDATION_ERROR',
          'risk_level must be one of NONE, LOW, MEDIUM, HIGH, CRITICAL',
        ],
        ['limit=0', 'VALIDATION_ERROR', 'limit must be at least 1'],
        ['limit=201', 'VALIDATION_ERROR', 'limit must be at most 200'],
        ['limit=ten', 'VALIDATION_ERROR', 'limit must be a whole number'],
        ['cursor=bogus', 'VALIDATION_ERROR', 'cursor is invalid'],
        ['sort=name', 'VALIDATION_ERROR', 'sort is not allowed'],
      ])('refuses the query %s with %s', async (query, code, message) => {
        const tenant = await createTenant(t);
        const res = await call(t.app, tenant, { url: `/v1/profiles?${query}` });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code, message });
      });
    });

    describe('GET /profiles/{id}', () => {
      test('returns the profile', async () => {
        const tenant = await createTenant(t);
        const created = (await create(tenant, profileBody())).json();
        const res = await call(t.app, tenant, { url: `/v1/profiles/${created.id}` });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(created);
      });

      test('returns 400 "invalid profile ID" for a non-UUID and 404 PROFILE_NOT_FOUND for an unknown UUID', async () => {
        const tenant = await createTenant(t);
        const bad = await call(t.app, tenant, { url: '/v1/profiles/not-a-uuid' });
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR', message: 'invalid profile ID' });
        const missing = await call(t.app, tenant, {
          url: '/v1/profiles/01890000-0000-7000-8000-000000000000',
        });
        expect(missing.statusCode).toBe(404);
        expect(missing.json()).toMatchObject({
          error: 'Not Found',
          code: 'PROFILE_NOT_FOUND',
          message: 'profile not found',
        });
      });

      test('never answers what a transaction still open has written', async () => {
        const tenant = await createTenant(t);
        const created = (await create(tenant, profileBody({ customer_name: 'Ruth Baker' }))).json();
        const url = `/v1/profiles/${created.id}`;
        expect((await call(t.app, tenant, { url })).statusCode).toBe(200);
        let read: ReturnType<typeof call> | undefined;
        const rolledBack = t.db.kysely.transaction().execute(async (trx) => {
          await trx
            .updateTable('profiles')
            .set({ customer_name: 'Not Committed' })
            .where('id', '=', created.id)
            .execute();
          read = call(t.app, tenant, { url });
          await new Promise((resolve) => setTimeout(resolve, 50));
          throw new Error('rolled back');
        });
        await expect(rolledBack).rejects.toThrow('rolled back');
        const res = await read;
        expect(res?.json()).toMatchObject({ customer_name: 'Ruth Baker' });
      });
      test('the fast read by ID (raw columns, outside a transaction) gives every field the driver read gives', async () => {
        const tenant = await createTenant(t);
        const created = (
          await create(tenant, profileBody({ enrollment_notes: 'note', trusted_contact: { name: 'Ann' } }))
        ).json();
        // Every nullable version column set, so a column missing from the raw read shows as a difference.
        await t.db.kysely
          .updateTable('profiles')
          .set({ activity_version: 'a1', baseline_version: 'b1', suppressions_version: 's1' })
          .where('id', '=', created.id)
          .execute();
        const store = createProfilesStore(t.db);
        const fast = await store.findById(t.db.kysely, tenant.tenantId, 'production', created.id);
        const driver = await t.db.kysely
          .transaction()
          .execute((trx) => store.findById(trx, tenant.tenantId, 'production', created.id));
        expect(driver).toMatchObject({
          activityVersion: 'a1',
          baselineVersion: 'b1',
          suppressionsVersion: 's1',
        });
        expect(fast).toStrictEqual(driver);
      });
    });

    describe('PATCH /profiles/{id}', () => {
      test('changes optional fields, clears nullable ones, and leaves the rest', async () => {
        const tenant = await createTenant(t);
        const created = (
          await create(tenant, profileBody({ enrollment_notes: 'note', trusted_contact: { name: 'Ann' } }))
        ).json();
        const res = await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${created.id}`,
          body: {
            customer_name: 'Margaret A. Hill',
            trusted_contact: null,
            enrollment_notes: null,
            metadata: { k: 1 },
          },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          customer_name: 'Margaret A. Hill',
          trusted_contact: null,
          enrollment_notes: null,
          metadata: { k: 1 },
          customer_id: created.customer_id,
          status: 'ACTIVE',
          status_changed_at: created.status_changed_at,
        });
      });

      test.each([
        [{ customer_id: 'NEW' }, 'customer_id is not allowed'],
        [{ date_of_birth: '1950-01-01' }, 'date_of_birth is not allowed'],
        [{ status: 'GONE' }, 'status must be one of ACTIVE, SUSPENDED, CLOSED, DECEASED'],
        [{ enrollment_reason: 'OTHER' }, 'enrollment_notes is required when enrollment_reason is OTHER'],
        [{ date_of_death: '2024-05-01' }, 'date_of_death is only allowed with status DECEASED'],
      ])('refuses %j with 400 and changes nothing', async (body, message) => {
        const tenant = await createTenant(t);
        const created = (await create(tenant, profileBody())).json();
        const res = await call(t.app, tenant, { method: 'PATCH', url: `/v1/profiles/${created.id}`, body });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toBe(message);
        expect((await call(t.app, tenant, { url: `/v1/profiles/${created.id}` })).json()).toEqual(created);
      });

      test('refuses DECEASED to ACTIVE with 409 INVALID_STATUS_TRANSITION', async () => {
        const tenant = await createTenant(t);
        const created = (
          await create(tenant, profileBody({ status: 'DECEASED', date_of_death: '2026-01-02' }))
        ).json();
        const res = await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${created.id}`,
          body: { status: 'ACTIVE' },
        });
        expect(res.statusCode).toBe(409);
        expect(res.json()).toEqual({
          error: 'Conflict',
          message: 'cannot transition from DECEASED to ACTIVE',
          status: 409,
          code: 'INVALID_STATUS_TRANSITION',
          request_id: res.headers['x-request-id'],
        });
      });

      const table: [string, string, boolean][] = [
        ['ACTIVE', 'SUSPENDED', true],
        ['ACTIVE', 'CLOSED', true],
        ['ACTIVE', 'DECEASED', true],
        ['SUSPENDED', 'ACTIVE', true],
        ['SUSPENDED', 'CLOSED', true],
        ['SUSPENDED', 'DECEASED', true],
        ['CLOSED', 'ACTIVE', true],
        ['CLOSED', 'SUSPENDED', false],
        ['CLOSED', 'DECEASED', true],
        ['DECEASED', 'ACTIVE', false],
        ['DECEASED', 'SUSPENDED', false],
        ['DECEASED', 'CLOSED', true],
      ];
      test.each(table)('%s to %s allowed: %s', async (from, to, allowed) => {
        const tenant = await createTenant(t);
        const created = (await create(tenant, profileBody({ status: from }))).json();
        const res = await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${created.id}`,
          body: { status: to },
        });
        const after = (await call(t.app, tenant, { url: `/v1/profiles/${created.id}` })).json();
        if (allowed) {
          expect(res.statusCode).toBe(200);
          expect(after.status).toBe(to);
          expect(after.status_changed_at >= created.status_changed_at).toBe(true);
        } else {
          expect(res.statusCode).toBe(409);
          expect(res.json()).toMatchObject({
            code: 'INVALID_STATUS_TRANSITION',
            message: `cannot transition from ${from} to ${to}`,
          });
          expect(after).toEqual(created);
        }
      });

      test('setting the current status again changes nothing and writes no audit event', async () => {
        const tenant = await createTenant(t);
        const created = (await create(tenant, profileBody())).json();
        const res = await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${created.id}`,
          body: { status: 'ACTIVE' },
        });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual(created);
        const audit = (
          await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${created.id}` })
        ).json();
        expect(audit.data.map((e: { action: string }) => e.action)).toEqual(['profile.created']);
      });

      test('moving to DECEASED records the day of the transition as date_of_death unless given', async () => {
        const tenant = await createTenant(t);
        const a = (await create(tenant, profileBody())).json();
        const b = (await create(tenant, profileBody())).json();
        const patchA = await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${a.id}`,
          body: { status: 'DECEASED' },
        });
        expect(patchA.json().date_of_death).toBe(new Date().toISOString().slice(0, 10));
        const patchB = await call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${b.id}`,
          body: { status: 'DECEASED', date_of_death: '2026-02-01' },
        });
        expect(patchB.json().date_of_death).toBe('2026-02-01');
      });

      test('returns 404 PROFILE_NOT_FOUND for an unknown profile', async () => {
        const tenant = await createTenant(t);
        const res = await call(t.app, tenant, {
          method: 'PATCH',
          url: '/v1/profiles/01890000-0000-7000-8000-000000000000',
          body: { customer_name: 'X' },
        });
        expect(res.statusCode).toBe(404);
        expect(res.json().code).toBe('PROFILE_NOT_FOUND');
      });
    });

    describe('DELETE /profiles/{id}', () => {
      test('erases the profile and audits the deletion with IDs only', async () => {
        const tenant = await createTenant(t);
        const created = (await create(tenant, profileBody())).json();
        const res = await call(t.app, tenant, { method: 'DELETE', url: `/v1/profiles/${created.id}` });
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        expect((await call(t.app, tenant, { url: `/v1/profiles/${created.id}` })).statusCode).toBe(404);
        const again = await call(t.app, tenant, { method: 'DELETE', url: `/v1/profiles/${created.id}` });
        expect(again.statusCode).toBe(404);
        const audit = (
          await call(t.app, tenant, {
            url: `/v1/audit-events?resource_id=${created.id}&action=profile.deleted`,
          })
        ).json();
        expect(audit.data).toHaveLength(1);
        expect(audit.data[0]).toMatchObject({
          resource_type: 'profile',
          resource_id: created.id,
          changes: null,
        });
      });
    });
  });
}
