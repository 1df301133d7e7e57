import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';

interface IngestJson {
  accepted: number;
  duplicates: number;
  transactions: { id: string; external_id: string; duplicate: boolean; signal_ids: string[] }[];
  signals: unknown[];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: transactions`, () => {
    const t = useTestApp(dialect);
    const post = (tenant: TestTenant, profileId: string, body: unknown, query = '') =>
      call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profileId}/transactions${query}`, body });
    const feed = (tenant: TestTenant, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: '/v1/transactions', body });
    const listAll = async (tenant: TestTenant, profileId: string) =>
      (await call(t.app, tenant, { url: `/v1/profiles/${profileId}/transactions?limit=200` })).json<{
        data: Record<string, unknown>[];
      }>().data;

    describe('POST /profiles/{id}/transactions', () => {
      test('stores one transaction with every field, money exact to the cent', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const body = transactionBody({
          amount: 1234.56,
          currency: 'USD',
          counterparty_id: 'CP-9',
          counterparty_name: 'Acme Wires',
          counterparty_type: 'BUSINESS',
          counterparty_relationship: 'UNKNOWN',
          counterparty_country: 'NG',
          merchant_category_code: '4829',
          description: 'wire for customs fee',
          country: 'US',
          device_id: 'dev-1',
          initiated_by: 'CUSTOMER',
          balance_after: -10.1,
          metadata: { branch: 'main' },
          channel: 'WIRE',
        });
        const res = await post(tenant, profile.id, body, '?scoring=false');
        expect(res.statusCode).toBe(201);
        const result = res.json<IngestJson>();
        expect(result).toMatchObject({ accepted: 1, duplicates: 0, signals: [] });
        expect(result.transactions).toEqual([
          {
            id: expect.any(String),
            external_id: body.external_id,
            duplicate: false,
            signal_ids: [],
            scoring: null,
          },
        ]);
        const stored = await call(t.app, tenant, {
          url: `/v1/profiles/${profile.id}/transactions/${result.transactions[0]!.id}`,
        });
        expect(stored.json()).toMatchObject({
          profile_id: profile.id,
          amount: 1234.56,
          balance_after: -10.1,
          occurred_at: '2026-06-01T10:00:00.000Z',
          counterparty_country: 'NG',
          metadata: { branch: 'main' },
        });
        const row = await t.db.kysely
          .selectFrom('transactions')
          .select(['amount_minor', 'balance_after_minor'])
          .where('id', '=', result.transactions[0]!.id)
          .executeTakeFirstOrThrow();
        expect(row).toEqual({ amount_minor: 123_456, balance_after_minor: -1010 });
      });

      test('stores a batch and reports duplicates by external_id, within the batch and against stored rows', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const first = transactionBody();
        await post(tenant, profile.id, first);
        const fresh = transactionBody();
        const res = await post(tenant, profile.id, {
          transactions: [first, fresh, { ...fresh, amount: 99 }],
        });
        expect(res.statusCode).toBe(201);
        const result = res.json<IngestJson>();
        expect(result.accepted).toBe(1);
        expect(result.duplicates).toBe(2);
        expect(result.transactions.map((x) => x.duplicate)).toEqual([true, false, true]);
        expect(result.transactions[2]!.id).toBe(result.transactions[1]!.id);
        expect(await listAll(tenant, profile.id)).toHaveLength(2);
      });

      test('concurrent identical requests store each transaction once', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const batch = { transactions: Array.from({ length: 20 }, () => transactionBody()) };
        const results = await Promise.all([1, 2, 3].map(() => post(tenant, profile.id, batch)));
        expect(results.map((r) => r.statusCode)).toEqual([201, 201, 201]);
        expect(results.reduce((n, r) => n + r.json<IngestJson>().accepted, 0)).toBe(20);
        expect(await listAll(tenant, profile.id)).toHaveLength(20);
      });

      test.each([
        [{ amount: 0 }, 'transactions[1].amount must be a positive number with at most 2 decimals'],
        [{ amount: -5 }, 'transactions[1].amount must be a positive number with at most 2 decimals'],
        [{ amount: 10.005 }, 'transactions[1].amount must be a positive number with at most 2 decimals'],
        [{ amount: '10' }, 'transactions[1].amount must be a positive number with at most 2 decimals'],
        [{ external_id: undefined }, 'transactions[1].external_id is required'],
        [{ occurred_at: undefined }, 'transactions[1].occurred_at is required'],
        [{ occurred_at: '2026-06-01' }, 'transactions[1].occurred_at must be an RFC 3339 timestamp'],
        [{ occurred_at: '2999-01-01T00:00:00Z' }, 'transactions[1].occurred_at must not be in the future'],
        [{ direction: 'SIDEWAYS' }, 'transactions[1].direction must be one of DEBIT, CREDIT'],
        [
          { channel: 'PIGEON' },
          expect.stringMatching(/^transactions\[1\]\.channel must be one of CARD, ATM/),
        ],
        [{ currency: 'EUR' }, 'transactions[1].currency must match the profile currency (USD)'],
        [
          { counterparty_country: 'Nigeria' },
          'transactions[1].counterparty_country must be an ISO 3166-1 alpha-2 code',
        ],
        [{ merchant_category_code: '48' }, 'transactions[1].merchant_category_code must be 4 digits'],
        [{ description: 'x'.repeat(501) }, 'transactions[1].description must be at most 500 characters'],
        [{ balance_after: 1.234 }, 'transactions[1].balance_after must be a number with at most 2 decimals'],
        [{ color: 'red' }, 'transactions[1].color is not allowed'],
      ])('refuses a batch whose second item has %j, storing nothing', async (override, message) => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const bad = Object.fromEntries(
          Object.entries({ ...transactionBody(), ...override }).filter(([, value]) => value !== undefined),
        );
        const res = await post(tenant, profile.id, {
          transactions: [transactionBody(), bad, transactionBody()],
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', message });
        expect(await listAll(tenant, profile.id)).toHaveLength(0);
      });

      test('names fields without a path for a single transaction', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const res = await post(tenant, profile.id, transactionBody({ amount: -1 }));
        expect(res.json().message).toBe('amount must be a positive number with at most 2 decimals');
      });

      test.each([
        [{ transactions: [] }, 'transactions must have at least 1 items'],
        [
          { transactions: Array.from({ length: 1001 }, () => ({})) },
          'transactions must have at most 1000 items',
        ],
      ])('refuses batch size %#', async (body, message) => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const res = await post(tenant, profile.id, body);
        expect(res.json()).toMatchObject({ status: 400, message });
      });

      test('returns 404 PROFILE_NOT_FOUND for an unknown profile and 400 for a bad ID', async () => {
        const tenant = await createTenant(t);
        const missing = await post(tenant, '01890000-0000-7000-8000-000000000000', transactionBody());
        expect(missing.json()).toMatchObject({
          status: 404,
          code: 'PROFILE_NOT_FOUND',
          message: 'profile not found',
        });
        const bad = await post(tenant, 'xyz', transactionBody());
        expect(bad.json()).toMatchObject({ status: 400, message: 'invalid profile ID' });
      });

      test('accepts ?scoring=false for backfill and refuses other values', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        expect((await post(tenant, profile.id, transactionBody(), '?scoring=false')).statusCode).toBe(201);
        const res = await post(tenant, profile.id, transactionBody(), '?scoring=maybe');
        expect(res.json()).toMatchObject({ status: 400, message: 'scoring must be a boolean' });
      });

      test('records one audit event per ingest request', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const res = await post(tenant, profile.id, { transactions: [transactionBody(), transactionBody()] });
        const audit = (
          await call(t.app, tenant, { url: '/v1/audit-events?action=transactions.ingested' })
        ).json();
        expect(audit.data).toHaveLength(1);
        expect(audit.data[0]).toMatchObject({
          request_id: res.headers['x-request-id'],
          changes: { accepted: [null, 2], duplicates: [null, 0] },
        });
      });
    });

    describe('POST /transactions (bank feed)', () => {
      test('routes items to profiles by customer_id or profile_id', async () => {
        const tenant = await createTenant(t);
        const a = await createProfile(t.app, tenant);
        const b = await createProfile(t.app, tenant);
        const res = await feed(tenant, {
          transactions: [
            { customer_id: a.customerId, ...transactionBody() },
            { profile_id: b.id, ...transactionBody() },
            { profile_id: a.id, customer_id: a.customerId, ...transactionBody() },
          ],
        });
        expect(res.statusCode).toBe(201);
        expect(res.json<IngestJson>().accepted).toBe(3);
        expect(await listAll(tenant, a.id)).toHaveLength(2);
        expect(await listAll(tenant, b.id)).toHaveLength(1);
      });

      test('refuses the whole feed with 404 naming an unknown customer', async () => {
        const tenant = await createTenant(t);
        const a = await createProfile(t.app, tenant);
        const res = await feed(tenant, {
          transactions: [
            { customer_id: a.customerId, ...transactionBody() },
            { customer_id: 'NOBODY-7', ...transactionBody() },
          ],
        });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({
          code: 'PROFILE_NOT_FOUND',
          message: 'profile not found: customer_id NOBODY-7 (transactions[1])',
        });
        expect(await listAll(tenant, a.id)).toHaveLength(0);
      });

      test('refuses items that name no profile or two different ones', async () => {
        const tenant = await createTenant(t);
        const a = await createProfile(t.app, tenant);
        const b = await createProfile(t.app, tenant);
        const none = await feed(tenant, { transactions: [transactionBody()] });
        expect(none.json()).toMatchObject({
          status: 400,
          message: 'transactions[0].customer_id or profile_id is required',
        });
        const both = await feed(tenant, {
          transactions: [{ profile_id: a.id, customer_id: b.customerId, ...transactionBody() }],
        });
        expect(both.json()).toMatchObject({
          status: 400,
          message: 'transactions[0].customer_id does not match the profile named by profile_id',
        });
      });

      test("never reaches another tenant's or environment's profiles", async () => {
        const tenant = await createTenant(t);
        const other = await createTenant(t);
        const theirs = await createProfile(t.app, other);
        const res = await feed(tenant, {
          transactions: [{ customer_id: theirs.customerId, ...transactionBody() }],
        });
        expect(res.statusCode).toBe(404);
        const sandboxProfile = await createProfile(t.app, tenant, {}, '/sandbox/v1');
        const viaLive = await feed(tenant, {
          transactions: [{ profile_id: sandboxProfile.id, ...transactionBody() }],
        });
        expect(viaLive.statusCode).toBe(404);
        expect(await listAll(other, theirs.id)).toHaveLength(0);
      });
    });

    describe('GET /profiles/{id}/transactions', () => {
      test('pages newest occurred_at first and filters by time, direction and channel', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const days = ['05', '01', '03', '02', '04'];
        await post(tenant, profile.id, {
          transactions: days.map((d, i) =>
            transactionBody({
              occurred_at: `2026-06-${d}T10:00:00Z`,
              direction: i === 0 ? 'CREDIT' : 'DEBIT',
              channel: i === 1 ? 'ATM' : 'CARD',
            }),
          ),
        });
        const first = (
          await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions?limit=2` })
        ).json();
        expect(first.data.map((x: { occurred_at: string }) => x.occurred_at.slice(8, 10))).toEqual([
          '05',
          '04',
        ]);
        const second = (
          await call(t.app, tenant, {
            url: `/v1/profiles/${profile.id}/transactions?limit=2&cursor=${first.next_cursor}`,
          })
        ).json();
        expect(second.data.map((x: { occurred_at: string }) => x.occurred_at.slice(8, 10))).toEqual([
          '03',
          '02',
        ]);
        const days2 = async (query: string) =>
          (await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions?${query}` }))
            .json()
            .data.map((x: { occurred_at: string }) => x.occurred_at.slice(8, 10));
        expect(await days2('from=2026-06-02T00:00:00Z&to=2026-06-04T00:00:00Z')).toEqual(['03', '02']);
        expect(await days2('direction=CREDIT')).toEqual(['05']);
        expect(await days2('channel=ATM')).toEqual(['01']);
        const bad = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions?channel=FAX` });
        expect(bad.statusCode).toBe(400);
      });

      test('refuses a cursor of a list ordered by creation (it carries no time)', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const idCursor = Buffer.from(profile.id).toString('base64url');
        const res = await call(t.app, tenant, {
          url: `/v1/profiles/${profile.id}/transactions?cursor=${idCursor}`,
        });
        expect(res.json()).toMatchObject({
          status: 400,
          code: 'VALIDATION_ERROR',
          message: 'cursor is invalid',
        });
      });

      test('returns 404 "transaction not found" for an unknown or foreign transaction', async () => {
        const tenant = await createTenant(t);
        const profile = await createProfile(t.app, tenant);
        const other = await createProfile(t.app, tenant);
        const id = (await post(tenant, other.id, transactionBody())).json<IngestJson>().transactions[0]!.id;
        const res = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/transactions/${id}` });
        expect(res.json()).toMatchObject({
          status: 404,
          code: 'NOT_FOUND',
          message: 'transaction not found',
        });
      });
    });

    test("a profile's currency cannot change once it has transactions", async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const patch = () =>
        call(t.app, tenant, {
          method: 'PATCH',
          url: `/v1/profiles/${profile.id}`,
          body: { currency: 'EUR' },
        });
      await post(tenant, profile.id, transactionBody());
      const res = await patch();
      expect(res.statusCode).toBe(409);
      expect(res.json()).toMatchObject({
        code: 'INVALID_STATE',
        message: 'currency cannot change once the profile has transactions',
      });
      const fresh = await createProfile(t.app, tenant);
      const ok = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/profiles/${fresh.id}`,
        body: { currency: 'EUR' },
      });
      expect(ok.json().currency).toBe('EUR');
    });

    test('deleting a profile erases its transactions', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await post(tenant, profile.id, { transactions: [transactionBody(), transactionBody()] });
      await call(t.app, tenant, { method: 'DELETE', url: `/v1/profiles/${profile.id}` });
      const left = await t.db.kysely
        .selectFrom('transactions')
        .select('id')
        .where('profile_id', '=', profile.id)
        .execute();
      expect(left).toEqual([]);
    });
  });
}
