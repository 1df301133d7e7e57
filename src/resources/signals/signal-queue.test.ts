import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { sandboxSignal, type RaisedSignal } from '../../../test/helpers/signals.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';

const START = Date.parse('2026-07-01T00:00:00Z');
const RANK: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

interface Listed {
  id: string;
  severity: string;
  amount_at_risk: number;
  created_at: string;
}

/** The order each sort promises, ties newest first (-age: oldest first), as a reference. */
const byId = (a: Listed, b: Listed) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const created = (s: Listed) => Date.parse(s.created_at);
const REFERENCE: Record<string, (a: Listed, b: Listed) => number> = {
  severity: (a, b) => RANK[a.severity]! - RANK[b.severity]! || byId(a, b),
  '-severity': (a, b) => RANK[b.severity]! - RANK[a.severity]! || byId(a, b),
  amount_at_risk: (a, b) => a.amount_at_risk - b.amount_at_risk || byId(a, b),
  '-amount_at_risk': (a, b) => b.amount_at_risk - a.amount_at_risk || byId(a, b),
  age: (a, b) => created(b) - created(a) || byId(a, b),
  '-age': (a, b) => created(a) - created(b) || -byId(a, b),
};

for (const dialect of DIALECTS) {
  describe(`${dialect}: GET /signals filters, sorts and counts`, () => {
    const clock = manualClock(START);
    const t = useTestApp(dialect, { clock });
    const list = (tenant: TestTenant, query: string) =>
      call(t.app, tenant, { url: `/sandbox/v1/signals?${query}` });
    const ids = async (tenant: TestTenant, query: string) =>
      (await list(tenant, query)).json<{ data: Listed[] }>().data.map((s) => s.id);

    /** Seven signals: two pairs tie on severity, amount and creation time, to test the tie order. */
    async function queue(tenant: TestTenant) {
      const made: RaisedSignal[] = [];
      const add = async (name: string, amounts: number[], advanceMs: number) => {
        clock.advance(advanceMs);
        made.push(await sandboxSignal(t.app, tenant, name, amounts));
      };
      await add('Takeover', [500], 1000); // CRITICAL 500
      await add('Romance', [900], 1000); // HIGH 900
      await add('Romance', [300], 1000); // HIGH 300
      await add('Romance', [300], 0); // HIGH 300, same ms as the one before
      await add('Lottery', [100, 20], 1000); // MEDIUM 120
      await add('Capacity', [50], 1000); // LOW 50
      await add('Capacity', [50], 0); // LOW 50, same ms
      return made;
    }

    async function pageThrough(tenant: TestTenant, query: string, limit: number) {
      const seen: Listed[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(tenant, `${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode).toBe(200);
        const body = res.json<{ data: Listed[]; next_cursor: string | null; has_more: boolean }>();
        seen.push(...body.data);
        expect(body.has_more).toBe(body.next_cursor !== null);
        cursor = body.next_cursor;
      } while (cursor !== null);
      return seen;
    }

    test.each(Object.keys(REFERENCE))(
      'sort=%s orders as documented, and pages of 1, 2 and 3 with cursors list each signal exactly once in that order',
      async (sort) => {
        const tenant = await createTenant(t);
        await queue(tenant);
        const all = (await list(tenant, `sort=${sort}&limit=200`)).json<{ data: Listed[] }>().data;
        expect(all).toHaveLength(7);
        expect(all.map((s) => s.id)).toEqual([...all].sort(REFERENCE[sort]).map((s) => s.id));
        for (const limit of [1, 2, 3]) {
          const paged = await pageThrough(tenant, `sort=${sort}`, limit);
          expect(paged.map((s) => s.id)).toEqual(all.map((s) => s.id));
        }
      },
    );

    test('without sort the list stays newest first, with its plain cursors', async () => {
      const tenant = await createTenant(t);
      const made = await queue(tenant);
      const paged = await pageThrough(tenant, 'status=ACTIVE', 3);
      expect(paged.map((s) => s.id)).toEqual(
        made
          .map((s) => s.id)
          .sort()
          .reverse(),
      );
    });

    test('each filter keeps exactly the matching signals', async () => {
      const tenant = await createTenant(t);
      const [critical, high900, high300a, high300b, medium, lowA, lowB] = await queue(tenant);
      const review = await call(t.app, tenant, {
        method: 'POST',
        url: `/sandbox/v1/signals/${lowA!.id}/review`,
        body: { status: 'DISMISSED', reason: 'INSUFFICIENT_EVIDENCE' },
      });
      expect(review.statusCode).toBe(200);
      const set = async (query: string) => new Set(await ids(tenant, query));
      const of = (...signals: (RaisedSignal | undefined)[]) => new Set(signals.map((s) => s!.id));

      expect(await set('status=DISMISSED')).toEqual(of(lowA));
      expect(await set('status=ACTIVE')).toEqual(of(critical, high900, high300a, high300b, medium, lowB));
      expect(await set('severity=HIGH')).toEqual(of(high900, high300a, high300b));
      expect(await set('category=ACCOUNT_TAKEOVER')).toEqual(of(critical));
      expect(await set('signal_category=SCAM_LOTTERY_SWEEPSTAKES')).toEqual(of(medium));
      expect(await set(`profile_id=${high900!.profileId}`)).toEqual(of(high900));
      expect(await set('min_amount_at_risk=300')).toEqual(of(critical, high900, high300a, high300b));
      expect(await set('min_amount_at_risk=300.01')).toEqual(of(critical, high900));
      expect(await set('min_amount_at_risk=0')).toHaveProperty('size', 7);
      expect(await set('assignee=unassigned')).toHaveProperty('size', 7);
      expect(await set('assignee=01890000-0000-7000-8000-000000000001')).toEqual(new Set());
      // created_from is inclusive, created_to exclusive: [from, to).
      const from = encodeURIComponent(high300a!.created_at);
      const to = encodeURIComponent(lowA!.created_at);
      expect(await set(`created_from=${from}&created_to=${to}`)).toEqual(of(high300a, high300b, medium));
      expect(await set(`severity=HIGH&min_amount_at_risk=500`)).toEqual(of(high900));
    });

    test('GET /signals/counts counts per severity with the same filters', async () => {
      const tenant = await createTenant(t);
      const [, , , , , lowA] = await queue(tenant);
      await call(t.app, tenant, {
        method: 'POST',
        url: `/sandbox/v1/signals/${lowA!.id}/review`,
        body: { status: 'CONFIRMED' },
      });
      const counts = async (query: string) =>
        (await call(t.app, tenant, { url: `/sandbox/v1/signals/counts?${query}` })).json();
      expect(await counts('status=ACTIVE')).toEqual({
        counts: { LOW: 1, MEDIUM: 1, HIGH: 3, CRITICAL: 1 },
        total: 6,
      });
      expect(await counts('')).toEqual({ counts: { LOW: 2, MEDIUM: 1, HIGH: 3, CRITICAL: 1 }, total: 7 });
      expect(await counts('status=ACTIVE&category=SCAM_ROMANCE&assignee=unassigned')).toEqual({
        counts: { LOW: 0, MEDIUM: 0, HIGH: 3, CRITICAL: 0 },
        total: 3,
      });
      const other = await createTenant(t);
      expect((await call(t.app, other, { url: '/sandbox/v1/signals/counts' })).json().total).toBe(0);
    });

    test.each([
      [
        'sort=oldest',
        'VALIDATION_ERROR',
        'sort must be one of severity, -severity, amount_at_risk, -amount_at_risk, age, -age',
      ],
      ['category=SCAM_SPAM', 'INVALID_SIGNAL_CATEGORY', 'invalid signal_category'],
      ['severity=URGENT', 'INVALID_SEVERITY', 'invalid severity'],
      ['min_amount_at_risk=-1', 'VALIDATION_ERROR', 'min_amount_at_risk must be at least 0'],
      ['min_amount_at_risk=lots', 'VALIDATION_ERROR', 'min_amount_at_risk must be a number'],
      ['assignee=bob', 'VALIDATION_ERROR', 'assignee must be a user ID, me or unassigned'],
      [
        'assignee=me',
        'VALIDATION_ERROR',
        'assignee=me needs a signed-in user; an API key has no assignments',
      ],
      ['created_from=yesterday', 'VALIDATION_ERROR', 'created_from must be an RFC 3339 timestamp'],
      ['sort=age&cursor=nonsense', 'VALIDATION_ERROR', 'cursor is invalid'],
    ])('answers 400 for ?%s', async (query, code, message) => {
      const tenant = await createTenant(t);
      const res = await list(tenant, query);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', status: 400, code, message });
    });

    test('a cursor of one sort is refused by another sort and by the default order', async () => {
      const tenant = await createTenant(t);
      await queue(tenant);
      const cursor = (await list(tenant, 'sort=-severity&limit=2')).json().next_cursor as string;
      for (const query of [
        `sort=severity&cursor=${cursor}`,
        `sort=-age&cursor=${cursor}`,
        `cursor=${cursor}`,
      ]) {
        expect((await list(tenant, query)).json()).toMatchObject({
          status: 400,
          message: 'cursor is invalid',
        });
      }
    });

    test("another tenant's signals are never listed or counted", async () => {
      const owner = await createTenant(t);
      await queue(owner);
      const intruder = await createTenant(t);
      expect(await ids(intruder, 'sort=-severity')).toEqual([]);
      expect(await ids(intruder, 'assignee=unassigned')).toEqual([]);
    });

    describe('GET /signals/counts security', () => {
      describeRouteSecurity(t, { method: 'GET', path: () => '/signals/counts', scope: 'signals:read' });
    });
  });
}
