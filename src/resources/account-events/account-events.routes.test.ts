import { describe, expect, test } from 'vitest';
import { createProfile, eventBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { EVENT_TYPES } from '../../domain/values/enums.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: account events`, () => {
    const t = useTestApp(dialect);
    const post = (tenant: TestTenant, profileId: string, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: `/v1/profiles/${profileId}/events`, body });
    const list = async (tenant: TestTenant, profileId: string, query = '') =>
      (await call(t.app, tenant, { url: `/v1/profiles/${profileId}/events?limit=200${query}` })).json<{
        data: Record<string, unknown>[];
      }>().data;

    test('accepts every event_type of the contract', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await post(tenant, profile.id, {
        events: EVENT_TYPES.map((type, i) =>
          eventBody({ event_type: type, occurred_at: `2026-05-${String(i + 1).padStart(2, '0')}T09:00:00Z` }),
        ),
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ accepted: EVENT_TYPES.length, duplicates: 0 });
      expect((await list(tenant, profile.id)).map((e) => e.event_type).sort()).toEqual(
        [...EVENT_TYPES].sort(),
      );
    });

    test('stores one event with its party and details, and reads it back', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const body = eventBody({
        event_type: 'POA_ADDED',
        party_id: 'P-77',
        party_name: 'Dan Hill',
        device_id: 'd1',
        country: 'US',
        details: { document: 'durable POA' },
      });
      const res = await post(tenant, profile.id, body);
      const id = res.json<{ events: { id: string }[] }>().events[0]!.id;
      const stored = await call(t.app, tenant, { url: `/v1/profiles/${profile.id}/events/${id}` });
      expect(stored.json()).toMatchObject({
        event_type: 'POA_ADDED',
        party_id: 'P-77',
        party_name: 'Dan Hill',
        details: { document: 'durable POA' },
      });
    });

    test('reports a repeated external_id as a duplicate', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const body = eventBody();
      const first = (await post(tenant, profile.id, body)).json<{ events: { id: string }[] }>();
      const again = (await post(tenant, profile.id, { events: [body] })).json();
      expect(again).toMatchObject({
        accepted: 0,
        duplicates: 1,
        events: [{ id: first.events[0]!.id, duplicate: true }],
      });
    });

    test.each([
      [
        { event_type: 'PASSWORD_CHANGE' },
        expect.stringMatching(/^events\[0\]\.event_type must be one of ADDRESS_CHANGE, /),
      ],
      [{ occurred_at: 'yesterday' }, 'events[0].occurred_at must be an RFC 3339 timestamp'],
      [{ country: 'usa' }, 'events[0].country must be an ISO 3166-1 alpha-2 code'],
      [{ details: { blob: 'x'.repeat(9000) } }, 'events[0].details must be at most 8 KiB'],
      [{ amount: 5 }, 'events[0].amount is not allowed'],
    ])('refuses %j and stores nothing', async (override, message) => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await post(tenant, profile.id, { events: [eventBody(override)] });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toEqual(message);
      expect(await list(tenant, profile.id)).toEqual([]);
    });

    test('filters by event_type and time, newest first', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      await post(tenant, profile.id, {
        events: [
          eventBody({ event_type: 'LOGIN', occurred_at: '2026-05-01T00:00:00Z' }),
          eventBody({ event_type: 'PHONE_CHANGE', occurred_at: '2026-05-03T00:00:00Z' }),
          eventBody({ event_type: 'LOGIN', occurred_at: '2026-05-02T00:00:00Z' }),
        ],
      });
      expect((await list(tenant, profile.id, '&event_type=LOGIN')).map((e) => e.occurred_at)).toEqual([
        '2026-05-02T00:00:00.000Z',
        '2026-05-01T00:00:00.000Z',
      ]);
      expect(await list(tenant, profile.id, '&from=2026-05-03T00:00:00Z')).toHaveLength(1);
    });

    test('POST /events routes feed items by customer_id or profile_id and refuses unknown customers whole', async () => {
      const tenant = await createTenant(t);
      const a = await createProfile(t.app, tenant);
      const b = await createProfile(t.app, tenant);
      const ok = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/events',
        body: {
          events: [
            { customer_id: a.customerId, ...eventBody() },
            { profile_id: b.id, ...eventBody() },
          ],
        },
      });
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ accepted: 2, duplicates: 0 });
      const refused = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/events',
        body: {
          events: [
            { customer_id: a.customerId, ...eventBody() },
            { customer_id: 'GHOST', ...eventBody() },
          ],
        },
      });
      expect(refused.json()).toMatchObject({
        status: 404,
        code: 'PROFILE_NOT_FOUND',
        message: 'profile not found: customer_id GHOST (events[1])',
      });
      expect(await list(tenant, a.id)).toHaveLength(1);
    });

    test('returns 404 "event not found" for an unknown event', async () => {
      const tenant = await createTenant(t);
      const profile = await createProfile(t.app, tenant);
      const res = await call(t.app, tenant, {
        url: `/v1/profiles/${profile.id}/events/01890000-0000-7000-8000-000000000000`,
      });
      expect(res.json()).toMatchObject({ status: 404, code: 'NOT_FOUND', message: 'event not found' });
    });

    const makeProfile = async (app: TestApp, owner: TestTenant) => (await createProfile(app.app, owner)).id;
    describe('POST /profiles/{id}/events security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/profiles/${id}/events`,
        scope: 'transactions:write',
        body: eventBody(),
        setup: makeProfile,
        read: (id) => `/profiles/${id}/events`,
      });
    });
    describe('GET /profiles/{id}/events security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/profiles/${id}/events`,
        scope: 'transactions:read',
        setup: makeProfile,
      });
    });
  });
}
