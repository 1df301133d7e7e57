import { sql } from 'kysely';
import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { callWithSession, openTestSession } from '../../../test/helpers/sessions.js';
import { productionSignal } from '../../../test/helpers/signals.js';
import {
  call,
  createTenant,
  useTestApp,
  type TestApp,
  type TestTenant,
} from '../../../test/helpers/test-app.js';
import { deliveredTypes, subscribe } from '../../../test/helpers/webhooks.js';

interface NoteJson {
  id: string;
  signal_id: string;
  author: { type: string; id: string | null; name: string };
  body: string;
  created_at: string;
}

const setup = async (t: TestApp, owner: TestTenant) => (await productionSignal(t.app, owner)).id;

for (const dialect of DIALECTS) {
  describe(`${dialect}: /signals/{id}/notes`, () => {
    const t = useTestApp(dialect);
    const add = (tenant: TestTenant, id: string, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: `/v1/signals/${id}/notes`, body });
    const notes = async (tenant: TestTenant, id: string, query = '') =>
      (await call(t.app, tenant, { url: `/v1/signals/${id}/notes${query}` })).json<{
        data: NoteJson[];
        next_cursor: string | null;
      }>();

    test('adds notes by the API key, lists them oldest first page by page, audits and announces each', async () => {
      const tenant = await createTenant(t);
      const webhook = await subscribe(t.app, tenant, ['signal.note_added']);
      const signal = await productionSignal(t.app, tenant);
      const first = await add(tenant, signal.id, { body: 'Called the customer; no answer.' });
      expect(first.statusCode).toBe(201);
      expect(first.json()).toMatchObject({
        signal_id: signal.id,
        author: { type: 'api_key', id: expect.any(String), name: expect.any(String) },
        body: 'Called the customer; no answer.',
        created_at: expect.any(String),
      });
      await add(tenant, signal.id, { body: 'Daughter says the gift cards were for a "grandson".' });
      await add(tenant, signal.id, { body: 'Hold placed.' });
      const page1 = await notes(tenant, signal.id, '?limit=2');
      const page2 = await notes(tenant, signal.id, `?limit=2&cursor=${page1.next_cursor}`);
      expect([...page1.data, ...page2.data].map((n) => n.body)).toEqual([
        'Called the customer; no answer.',
        'Daughter says the gift cards were for a "grandson".',
        'Hold placed.',
      ]);
      expect(page2.next_cursor).toBeNull();
      const audit = (
        await call(t.app, tenant, {
          url: `/v1/audit-events?resource_id=${signal.id}&action=signal.note_added`,
        })
      ).json<{ data: { changes: { note_id: [null, string] } }[] }>().data;
      expect(audit.map((a) => a.changes.note_id[1]).reverse()).toEqual(
        [...page1.data, ...page2.data].map((n) => n.id),
      );
      expect(await deliveredTypes(t.app, tenant, webhook)).toEqual([
        'signal.note_added',
        'signal.note_added',
        'signal.note_added',
      ]);
    });

    test('a note written in a browser session names the user as its author', async () => {
      const tenant = await createTenant(t);
      const analyst = await openTestSession(t, tenant, 'analyst');
      const signal = await productionSignal(t.app, tenant);
      const res = await callWithSession(t.app, analyst, {
        method: 'POST',
        url: `/v1/signals/${signal.id}/notes`,
        body: { body: 'Reviewed the wire with the branch.' },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ author: { type: 'user', id: analyst.userId, name: analyst.email } });
    });

    test('the API offers no way to change or remove a note', async () => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const note = (await add(tenant, signal.id, { body: 'original' })).json<NoteJson>();
      for (const method of ['PATCH', 'PUT', 'DELETE'] as const) {
        const res = await call(t.app, tenant, {
          method,
          url: `/v1/signals/${signal.id}/notes/${note.id}`,
          body: { body: 'rewritten' },
        });
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'route not found' });
      }
      expect((await notes(tenant, signal.id)).data.map((n) => n.body)).toEqual(['original']);
    });

    test('the database itself refuses UPDATE and DELETE of a note', async () => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const note = (await add(tenant, signal.id, { body: 'original' })).json<NoteJson>();
      const db = t.db.kysely;
      await expect(
        db.updateTable('signal_notes').set({ body: 'rewritten' }).where('id', '=', note.id).execute(),
      ).rejects.toThrow(/signal_notes is append-only/);
      await expect(db.deleteFrom('signal_notes').where('id', '=', note.id).execute()).rejects.toThrow(
        /signal_notes is append-only/,
      );
      await expect(sql`delete from signal_notes`.execute(db)).rejects.toThrow(/append-only/);
      expect((await notes(tenant, signal.id)).data.map((n) => n.body)).toEqual(['original']);
    });

    test.each([
      [{}, 'body is required'],
      [{ body: '' }, 'body must not be empty'],
      [{ body: '   \n ' }, 'body must not be blank'],
      [{ body: 'x'.repeat(10_001) }, 'body must be at most 10000 characters'],
      [{ body: 42 }, 'body must be a string'],
      [{ body: 'ok', author: 'me' }, 'author is not allowed'],
    ])('answers 400 for %j and stores nothing', async (body, message) => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const res = await add(tenant, signal.id, body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', code: 'VALIDATION_ERROR', message });
      expect((await notes(tenant, signal.id)).data).toEqual([]);
    });

    test('answers 404 SIGNAL_NOT_FOUND on both routes for an unknown signal', async () => {
      const tenant = await createTenant(t);
      const unknown = '01890000-0000-7000-8000-000000000000';
      expect((await add(tenant, unknown, { body: 'x' })).json()).toMatchObject({
        status: 404,
        code: 'SIGNAL_NOT_FOUND',
      });
      const listed = await call(t.app, tenant, { url: `/v1/signals/${unknown}/notes` });
      expect(listed.json()).toMatchObject({ status: 404, code: 'SIGNAL_NOT_FOUND' });
    });

    describe('POST security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: (id) => `/signals/${id}/notes`,
        scope: 'signals:review',
        body: { body: 'intruder was here' },
        setup,
        read: (id) => `/signals/${id}/notes`,
      });
    });
    describe('GET security', () => {
      describeRouteSecurity(t, {
        method: 'GET',
        path: (id) => `/signals/${id}/notes`,
        scope: 'signals:read',
        setup,
      });
    });
  });
}
