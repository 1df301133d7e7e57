import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';

const UNKNOWN_ID = '01890000-0000-7000-8000-0000000000aa';
const EVENT_TYPES =
  'signal.created, signal.updated, signal.reviewed, signal.assigned, signal.note_added, profile.status_changed, batch_run.completed, batch_run.failed';

function createWebhook(t: TestApp, tenant: TestTenant, body: Record<string, unknown> = {}, base = '/v1') {
  return call(t.app, tenant, {
    method: 'POST',
    url: `${base}/webhooks`,
    body: { url: 'https://hooks.example.com/vigil', events: ['signal.created'], ...body },
  });
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: /webhooks`, () => {
    const t = useTestApp(dialect);

    test('creates an endpoint whose secret is shown only once; reads, changes and deletes it, each change audited', async () => {
      const tenant = await createTenant(t);
      const res = await createWebhook(t, tenant, {
        events: ['signal.created', 'signal.reviewed', 'signal.created'],
        description: 'case management',
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({
        url: 'https://hooks.example.com/vigil',
        events: ['signal.created', 'signal.reviewed'],
        description: 'case management',
        enabled: true,
      });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);

      const got = await call(t.app, tenant, { url: `/v1/webhooks/${created.id}` });
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual({ ...created, secret: undefined });
      const listed = (await call(t.app, tenant, { url: '/v1/webhooks' })).json();
      expect(listed.data.map((w: { id: string }) => w.id)).toEqual([created.id]);
      expect(JSON.stringify(listed) + got.body).not.toContain(created.secret.slice(6));

      const patched = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/webhooks/${created.id}`,
        body: {
          url: 'http://hooks.example.com/v2',
          events: ['profile.status_changed'],
          description: null,
          enabled: false,
        },
      });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({
        id: created.id,
        url: 'http://hooks.example.com/v2',
        events: ['profile.status_changed'],
        description: null,
        enabled: false,
      });
      const unchanged = await call(t.app, tenant, {
        method: 'PATCH',
        url: `/v1/webhooks/${created.id}`,
        body: { enabled: false },
      });
      expect(unchanged.json()).toEqual(patched.json());

      const deleted = await call(t.app, tenant, { method: 'DELETE', url: `/v1/webhooks/${created.id}` });
      expect(deleted.statusCode).toBe(204);
      expect((await call(t.app, tenant, { url: `/v1/webhooks/${created.id}` })).statusCode).toBe(404);

      const audit = (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${created.id}` })).json();
      expect(audit.data.map((e: { action: string }) => e.action)).toEqual([
        'webhook.deleted',
        'webhook.updated',
        'webhook.created',
      ]);
      expect(audit.data[1].changes).toMatchObject({
        enabled: [true, false],
        description: ['case management', null],
      });
      expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
    });

    test('creates disabled endpoints when asked', async () => {
      const tenant = await createTenant(t);
      const res = await createWebhook(t, tenant, { enabled: false });
      expect(res.json()).toMatchObject({ enabled: false, description: null });
    });

    test('pages the list newest first and keeps environments apart', async () => {
      const tenant = await createTenant(t);
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await createWebhook(t, tenant)).json().id);
      const sandbox = (await createWebhook(t, tenant, {}, '/sandbox/v1')).json();
      const first = (await call(t.app, tenant, { url: '/v1/webhooks?limit=2' })).json();
      expect(first.data.map((w: { id: string }) => w.id)).toEqual([ids[2], ids[1]]);
      expect(first.has_more).toBe(true);
      const second = (
        await call(t.app, tenant, { url: `/v1/webhooks?limit=2&cursor=${first.next_cursor}` })
      ).json();
      expect(second).toMatchObject({ data: [{ id: ids[0] }], has_more: false, next_cursor: null });
      const sandboxList = (await call(t.app, tenant, { url: '/sandbox/v1/webhooks' })).json();
      expect(sandboxList.data.map((w: { id: string }) => w.id)).toEqual([sandbox.id]);
    });

    test.each([
      [{ url: 'ftp://example.com/hook' }, 'url must be an http or https URL'],
      [{ url: 'javascript:alert(1)' }, 'url must be an http or https URL'],
      [{ url: 'http://' }, 'url must be an http or https URL'],
      [{ url: 'https://exa mple.com/' }, 'url must be an http or https URL'],
      [{ url: 42 }, 'url must be an http or https URL'],
      [{ url: 'https://user:secret@example.com/' }, 'url must not contain a user name or password'],
      [{ url: undefined }, 'url is required'],
      [{ events: undefined }, 'events is required'],
      [{ events: [] }, 'events must have at least 1 items'],
      [{ events: ['signal.deleted'] }, `events[0] must be one of ${EVENT_TYPES}`],
      [{ description: 'x'.repeat(501) }, 'description must be at most 500 characters'],
      [{ secret: 'whsec_mine' }, 'secret is not allowed'],
    ])('refuses POST %j with 400', async (body, message) => {
      const tenant = await createTenant(t);
      const res = await createWebhook(t, tenant, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message });
    });

    test.each([
      [{ url: 'ftp://example.com/hook' }, 'url must be an http or https URL'],
      [{ url: 'javascript:void(0)' }, 'url must be an http or https URL'],
      [{ events: [] }, 'events must have at least 1 items'],
      [{ events: ['everything'] }, `events[0] must be one of ${EVENT_TYPES}`],
      [{ enabled: 'yes' }, 'enabled must be a boolean'],
    ])('refuses PATCH %j with 400 and changes nothing', async (body, message) => {
      const tenant = await createTenant(t);
      const created = (await createWebhook(t, tenant)).json();
      const url = `/v1/webhooks/${created.id}`;
      const res = await call(t.app, tenant, { method: 'PATCH', url, body });
      expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', message });
      expect((await call(t.app, tenant, { url })).json()).toEqual({ ...created, secret: undefined });
    });

    test.each([
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['GET', '/deliveries'],
    ] as const)(
      'answers %s /webhooks/{id}%s with 404 "webhook not found" and 400 for a bad ID',
      async (method, suffix) => {
        const tenant = await createTenant(t);
        const sandbox = (await createWebhook(t, tenant, {}, '/sandbox/v1')).json();
        const body = method === 'PATCH' ? { enabled: false } : undefined;
        for (const id of [UNKNOWN_ID, sandbox.id as string]) {
          const res = await call(t.app, tenant, { method, url: `/v1/webhooks/${id}${suffix}`, body });
          expect(res.statusCode).toBe(404);
          expect(res.json()).toMatchObject({
            error: 'Not Found',
            code: 'NOT_FOUND',
            message: 'webhook not found',
          });
        }
        const bad = await call(t.app, tenant, { method, url: `/v1/webhooks/not-a-uuid${suffix}`, body });
        expect(bad.statusCode).toBe(400);
        expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR', message: 'invalid webhook ID' });
      },
    );

    describe('GET /webhooks/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/webhooks/${id}`,
        scope: 'webhooks:manage',
        setup: async (app, owner) => (await createWebhook(app, owner)).json<{ id: string }>().id,
      });
    });
    describe('PATCH /webhooks/{id} security', () => {
      describeRouteSecurity(t, {
        method: 'PATCH',
        path: (id) => `/webhooks/${id}`,
        scope: 'webhooks:manage',
        body: { url: 'https://attacker.example.com/' },
        setup: async (app, owner) => (await createWebhook(app, owner)).json<{ id: string }>().id,
        read: (id) => `/webhooks/${id}`,
      });
    });
    describe('POST /webhooks security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/webhooks',
        scope: 'webhooks:manage',
        body: { url: 'https://hooks.example.com/', events: ['signal.created'] },
      });
    });
  });
}
