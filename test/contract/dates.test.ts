import { describe, expect, test } from 'vitest';
import { createProfile, eventBody, transactionBody } from '../helpers/activity.js';
import { DIALECTS } from '../helpers/dialects.js';
import { call, createTenant, useTestApp, type TestApp, type TestTenant } from '../helpers/test-app.js';

const LEAP_SECOND = '2026-12-31T23:59:60Z';
const YEAR_ZERO = '0000-06-01T10:00:00Z';

async function countKeys(t: TestApp, tenant: TestTenant): Promise<number> {
  const res = await call(t.app, tenant, { url: '/v1/api-keys' });
  return res.json<{ data: unknown[] }>().data.length;
}

/** One RFC 3339 parser for every date of the API (issue 12, finding 6; docs/security.md "Dates"). */
for (const dialect of DIALECTS) {
  describe(`${dialect}: dates on every route`, () => {
    const t = useTestApp(dialect);

    test.each([LEAP_SECOND, YEAR_ZERO, '2026-06-01 10:00:00Z', '2026-06-01T10:00:00+24:00'])(
      'POST /api-keys refuses expires_at %s with 400 and mints nothing',
      async (expiresAt) => {
        const tenant = await createTenant(t);
        const before = await countKeys(t, tenant);
        const res = await call(t.app, tenant, {
          method: 'POST',
          url: '/v1/api-keys',
          body: { name: 'k', scopes: ['profiles:read'], expires_at: expiresAt },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          error: 'Bad Request',
          status: 400,
          code: 'VALIDATION_ERROR',
          message: 'expires_at must be an RFC 3339 timestamp',
          details: [{ field: 'expires_at', message: 'expires_at must be an RFC 3339 timestamp' }],
        });
        expect(await countKeys(t, tenant)).toBe(before);
      },
    );

    test('POST /batch-runs refuses a leap second in from or to with 400 and stores no run', async () => {
      const tenant = await createTenant(t);
      for (const body of [{ from: LEAP_SECOND }, { to: LEAP_SECOND }]) {
        const res = await call(t.app, tenant, { method: 'POST', url: '/v1/batch-runs', body });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      }
      const runs = await call(t.app, tenant, { url: '/v1/batch-runs' });
      expect(runs.json<{ data: unknown[] }>().data).toEqual([]);
    });

    test('transaction and event ingest refuse a leap second and year 0000 with 400, storing nothing', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      for (const occurredAt of [LEAP_SECOND, YEAR_ZERO]) {
        const tx = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/transactions`,
          body: transactionBody({ occurred_at: occurredAt }),
        });
        expect(tx.statusCode).toBe(400);
        expect(tx.json()).toMatchObject({
          code: 'VALIDATION_ERROR',
          message: 'occurred_at must be an RFC 3339 timestamp',
        });
        const ev = await call(t.app, tenant, {
          method: 'POST',
          url: `/v1/profiles/${profile.id}/events`,
          body: eventBody({ occurred_at: occurredAt }),
        });
        expect(ev.statusCode).toBe(400);
        expect(ev.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      }
      const listed = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions` });
      expect(listed.json<{ data: unknown[] }>().data).toEqual([]);
    });

    test('GET /audit-events refuses a leap second in from with 400', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        url: `/v1/audit-events?from=${encodeURIComponent(LEAP_SECOND)}`,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'from must be an RFC 3339 timestamp',
      });
    });

    test('GET /profiles/{id}/transactions refuses a leap second in from and to with 400', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      for (const name of ['from', 'to']) {
        const res = await call(t.app, tenant, {
          url: `/v1/profiles/${profile.id}/transactions?${name}=${encodeURIComponent(LEAP_SECOND)}`,
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ message: `${name} must be an RFC 3339 timestamp` });
      }
    });

    test('POST /profiles refuses date_of_birth 0000-01-01 with 400 "must be a date"', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/profiles',
        body: {
          customer_id: 'C-0',
          customer_name: 'A',
          date_of_birth: '0000-01-01',
          enrollment_reason: 'AGE_THRESHOLD',
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: 'date_of_birth must be a date (YYYY-MM-DD)',
      });
    });

    test('accepts an offset and stores the instant in UTC', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: transactionBody({ occurred_at: '2026-06-01T12:30:00.123456+02:00' }),
      });
      expect(res.statusCode).toBe(201);
      const listed = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions` });
      expect(listed.json<{ data: { occurred_at: string }[] }>().data[0]?.occurred_at).toBe(
        '2026-06-01T10:30:00.123Z',
      );
    });

    test("refuses a transaction or an event dated before the customer's birth, storing nothing", async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant, { date_of_birth: '1941-03-09' });
      const tx = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions`,
        body: { transactions: [transactionBody(), transactionBody({ occurred_at: '1941-03-08T23:59:59Z' })] },
      });
      expect(tx.statusCode).toBe(400);
      expect(tx.json()).toMatchObject({
        code: 'VALIDATION_ERROR',
        message: "transactions[1].occurred_at must not be before the customer's date of birth",
      });
      const ev = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/events`,
        body: eventBody({ occurred_at: '1900-01-01T00:00:00Z' }),
      });
      expect(ev.statusCode).toBe(400);
      expect(ev.json()).toMatchObject({
        message: "occurred_at must not be before the customer's date of birth",
      });
      const listed = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions` });
      expect(listed.json<{ data: unknown[] }>().data).toEqual([]);
      const onBirthday = await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/profiles/${profile.id}/transactions?scoring=false`,
        body: transactionBody({ occurred_at: '1941-03-09T00:00:00Z' }),
      });
      expect(onBirthday.statusCode).toBe(201);
    });
  });
}
