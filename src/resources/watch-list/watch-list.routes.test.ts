import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { confirmPayment, entryId } from './watch-list.testing.js';

interface EntryJson {
  id: string;
  counterparty_id: string;
  listed_at: string;
  first_confirmed_at: string;
  first_signal_id: string;
  first_profile_id: string;
  profile_count: number;
}
type PageJson = { data: EntryJson[]; has_more: boolean; next_cursor: string | null };

for (const dialect of DIALECTS) {
  describe(`${dialect}: /watch-list`, () => {
    const t = useTestApp(dialect);

    test('lists a confirmed counterparty once, with its first confirmation and the number of profiles', async () => {
      const tenant = await createTenant(t);
      const first = await confirmPayment(t, tenant, 'CP-RING');
      await confirmPayment(t, tenant, 'CP-RING', { occurredAt: '2026-06-02T10:00:00.000Z' });
      const res = await call(t.app, tenant, { url: '/v1/watch-list' });
      expect(res.statusCode).toBe(200);
      const page = res.json<PageJson>();
      expect(page).toMatchObject({ has_more: false, next_cursor: null });
      expect(page.data).toHaveLength(1);
      expect(page.data[0]).toMatchObject({
        counterparty_id: 'CP-RING',
        first_signal_id: first.signalId,
        first_profile_id: first.profileId,
        profile_count: 2,
      });
      expect(Date.parse(page.data[0]!.first_confirmed_at)).not.toBeNaN();
    });

    test('pages newest first with limit and cursor, and refuses a cursor it did not issue', async () => {
      const tenant = await createTenant(t);
      for (const cp of ['CP-A', 'CP-B', 'CP-C']) await confirmPayment(t, tenant, cp);
      const one = (await call(t.app, tenant, { url: '/v1/watch-list?limit=2' })).json<PageJson>();
      expect(one.data.map((e) => e.counterparty_id)).toEqual(['CP-C', 'CP-B']);
      expect(one.has_more).toBe(true);
      const two = (
        await call(t.app, tenant, { url: `/v1/watch-list?limit=2&cursor=${one.next_cursor ?? ''}` })
      ).json<PageJson>();
      expect(two.data.map((e) => e.counterparty_id)).toEqual(['CP-A']);
      const bad = await call(t.app, tenant, { url: '/v1/watch-list?cursor=nonsense' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      const badLimit = await call(t.app, tenant, { url: '/v1/watch-list?limit=0' });
      expect(badLimit.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
    });

    test('keeps tenants and environments apart', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      await confirmPayment(t, tenant, 'CP-PROD');
      await confirmPayment(t, tenant, 'CP-SANDBOX', { base: '/sandbox/v1' });
      const names = async (who: typeof tenant, base: string) =>
        (await call(t.app, who, { url: `${base}/watch-list` }))
          .json<PageJson>()
          .data.map((e) => e.counterparty_id);
      expect(await names(tenant, '/v1')).toEqual(['CP-PROD']);
      expect(await names(tenant, '/sandbox/v1')).toEqual(['CP-SANDBOX']);
      expect(await names(other, '/v1')).toEqual([]);
      const sandboxEntry = await entryId(t, tenant, 'CP-SANDBOX', '/sandbox/v1');
      const crossed = await call(t.app, tenant, { method: 'DELETE', url: `/v1/watch-list/${sandboxEntry}` });
      expect(crossed.statusCode).toBe(404);
      expect(await names(tenant, '/sandbox/v1')).toEqual(['CP-SANDBOX']);
    });

    test('DELETE removes the entry with an audit event; again, or an unknown ID, is 404; a bad ID is 400', async () => {
      const tenant = await createTenant(t);
      await confirmPayment(t, tenant, 'CP-GONE');
      const id = await entryId(t, tenant, 'CP-GONE');
      const removed = await call(t.app, tenant, { method: 'DELETE', url: `/v1/watch-list/${id}` });
      expect(removed.statusCode).toBe(204);
      expect(removed.body).toBe('');
      expect((await call(t.app, tenant, { url: '/v1/watch-list' })).json<PageJson>().data).toEqual([]);
      const audit = await call(t.app, tenant, { url: `/v1/audit-events?resource_type=watch_list_entry` });
      expect(
        audit.json<{ data: { action: string; resource_id: string; changes: unknown }[] }>().data,
      ).toEqual([
        expect.objectContaining({
          action: 'watch_list.entry_removed',
          resource_id: id,
          changes: { counterparty_id: ['CP-GONE', null] },
        }),
      ]);
      const again = await call(t.app, tenant, { method: 'DELETE', url: `/v1/watch-list/${id}` });
      expect(again.statusCode).toBe(404);
      expect(again.json()).toMatchObject({ code: 'NOT_FOUND', message: 'watch list entry not found' });
      const bad = await call(t.app, tenant, { method: 'DELETE', url: '/v1/watch-list/not-a-uuid' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
    });

    test('a new confirmation after a removal lists the counterparty again', async () => {
      const tenant = await createTenant(t);
      await confirmPayment(t, tenant, 'CP-BACK');
      const id = await entryId(t, tenant, 'CP-BACK');
      await call(t.app, tenant, { method: 'DELETE', url: `/v1/watch-list/${id}` });
      await confirmPayment(t, tenant, 'CP-BACK');
      const again = await entryId(t, tenant, 'CP-BACK');
      expect(again).not.toBe(id);
    });

    test('watch_list_enabled is off by default, changes through PATCH /settings and is audited', async () => {
      const tenant = await createTenant(t);
      const before = await call(t.app, tenant, { url: '/v1/settings' });
      expect(before.json()).toMatchObject({ watch_list_enabled: false });
      const on = await call(t.app, tenant, {
        method: 'PATCH',
        url: '/v1/settings',
        body: { watch_list_enabled: true },
      });
      expect(on.json()).toMatchObject({ watch_list_enabled: true });
      const sandbox = await call(t.app, tenant, { url: '/sandbox/v1/settings' });
      expect(sandbox.json()).toMatchObject({ watch_list_enabled: false });
      const audit = await call(t.app, tenant, { url: '/v1/audit-events?resource_type=settings' });
      expect(audit.json<{ data: { changes: unknown }[] }>().data[0]?.changes).toEqual({
        watch_list_enabled: [false, true],
      });
      const bad = await call(t.app, tenant, {
        method: 'PATCH',
        url: '/v1/settings',
        body: { watch_list_enabled: 'yes' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'VALIDATION_ERROR' });
      expect((await call(t.app, tenant, { url: '/v1/settings' })).json()).toMatchObject({
        watch_list_enabled: true,
      });
    });
  });
}
