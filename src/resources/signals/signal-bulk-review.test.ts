import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { describeRouteSecurity } from '../../../test/helpers/route-security.js';
import { productionSignal } from '../../../test/helpers/signals.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';

const UNKNOWN = '01890000-0000-7000-8000-0000000000cd';

interface BulkResult {
  signal_id: string;
  outcome: 'REVIEWED' | 'REFUSED';
  signal?: { status: string; review: { reason: string } };
  error?: { code: string; message: string; status: number };
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: POST /signals/bulk-review`, () => {
    const t = useTestApp(dialect);
    const bulk = (tenant: TestTenant, body: unknown) =>
      call(t.app, tenant, { method: 'POST', url: '/v1/signals/bulk-review', body });
    const status = async (tenant: TestTenant, id: string) =>
      (await call(t.app, tenant, { url: `/v1/signals/${id}` })).json<{ status: string }>().status;
    const reviewAudits = async (tenant: TestTenant, id: string) =>
      (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${id}&action=signal.reviewed` })).json<{
        data: unknown[];
      }>().data.length;

    test('reviews each signal on its own: reviewed, already reviewed, unknown and another tenant’s, in the order given', async () => {
      const tenant = await createTenant(t);
      const [fresh, reviewed] = [
        await productionSignal(t.app, tenant),
        await productionSignal(t.app, tenant),
      ];
      await call(t.app, tenant, {
        method: 'POST',
        url: `/v1/signals/${reviewed.id}/review`,
        body: { status: 'CONFIRMED', reason: 'SAR_FILED' },
      });
      const foreign = await productionSignal(t.app, await createTenant(t));
      const res = await bulk(tenant, {
        signal_ids: [fresh.id, reviewed.id, UNKNOWN, foreign.id],
        status: 'DISMISSED',
        reason: 'DUPLICATE',
        notes: 'same caller as last week',
      });
      expect(res.statusCode).toBe(200);
      const results = res.json<{ results: BulkResult[] }>().results;
      expect(results.map((r) => [r.signal_id, r.outcome])).toEqual([
        [fresh.id, 'REVIEWED'],
        [reviewed.id, 'REFUSED'],
        [UNKNOWN, 'REFUSED'],
        [foreign.id, 'REFUSED'],
      ]);
      expect(results[0]!.signal).toMatchObject({ status: 'DISMISSED', review: { reason: 'DUPLICATE' } });
      expect(results[1]!.error).toEqual({
        code: 'INVALID_STATE',
        message: 'signal review requires ACTIVE status',
        status: 409,
      });
      expect(results[2]!.error).toEqual({
        code: 'SIGNAL_NOT_FOUND',
        message: 'signal not found',
        status: 404,
      });
      expect(results[3]!.error).toEqual(results[2]!.error);
      expect(await status(tenant, fresh.id)).toBe('DISMISSED');
      expect(await status(tenant, reviewed.id)).toBe('CONFIRMED');
      expect(await reviewAudits(tenant, fresh.id)).toBe(1);
      expect(
        (await call(t.app, await createTenant(t), { url: `/v1/signals/${foreign.id}` })).statusCode,
      ).toBe(404);
    });

    test('concurrent bulk and single reviews of the same signals: exactly one winner per signal', async () => {
      const tenant = await createTenant(t);
      const signals = [];
      for (let i = 0; i < 4; i++) signals.push(await productionSignal(t.app, tenant));
      const ids = signals.map((s) => s.id);
      const responses = await Promise.all([
        bulk(tenant, { signal_ids: ids, status: 'CONFIRMED', reason: 'SAR_FILED' }),
        bulk(tenant, { signal_ids: [...ids].reverse(), status: 'DISMISSED', reason: 'DUPLICATE' }),
        ...ids.map((id) =>
          call(t.app, tenant, {
            method: 'POST',
            url: `/v1/signals/${id}/review`,
            body: { status: 'DISMISSED' },
          }),
        ),
      ]);
      const wins = new Map<string, number>(ids.map((id) => [id, 0]));
      for (const r of responses.slice(0, 2))
        for (const item of r.json<{ results: BulkResult[] }>().results)
          if (item.outcome === 'REVIEWED') wins.set(item.signal_id, wins.get(item.signal_id)! + 1);
          else expect(item.error?.code).toBe('INVALID_STATE');
      responses.slice(2).forEach((r, i) => {
        if (r.statusCode === 200) wins.set(ids[i]!, wins.get(ids[i]!)! + 1);
        else expect(r.statusCode).toBe(409);
      });
      expect([...wins.values()]).toEqual([1, 1, 1, 1]);
      for (const id of ids) expect(await reviewAudits(tenant, id)).toBe(1);
    });

    test.each([
      [{ signal_ids: [], status: 'CONFIRMED' }, 'signal_ids must have at least 1 items'],
      [
        { signal_ids: Array.from({ length: 101 }, () => UNKNOWN), status: 'CONFIRMED' },
        'signal_ids must have at most 100 items',
      ],
      [{ signal_ids: ['nope'], status: 'CONFIRMED' }, 'signal_ids[0] must be a UUID'],
      [{ status: 'CONFIRMED' }, 'signal_ids is required'],
      [{ signal_ids: 'SELF', status: 'CONFIRMED' }, 'signal_ids must be an array'],
      ['SAME', 'status must be CONFIRMED or DISMISSED'],
      [
        'REASON',
        'reason must be one of SAR_FILED, APS_REFERRED, HOLD_PLACED, CUSTOMER_CONFIRMED, LAW_ENFORCEMENT, OTHER for CONFIRMED',
      ],
      ['TWICE', 'signal_ids must not repeat an ID'],
      ['SUPPRESS', 'suppress needs status DISMISSED with reason KNOWN_COUNTERPARTY or LEGITIMATE_ACTIVITY'],
    ])('answers 400 for %j and reviews nothing', async (body, message) => {
      const tenant = await createTenant(t);
      const signal = await productionSignal(t.app, tenant);
      const bodies: Record<string, unknown> = {
        SAME: { signal_ids: [signal.id], status: 'ESCALATED' },
        REASON: { signal_ids: [signal.id], status: 'CONFIRMED', reason: 'DUPLICATE' },
        TWICE: { signal_ids: [signal.id, signal.id.toUpperCase()], status: 'CONFIRMED' },
        SUPPRESS: { signal_ids: [signal.id], status: 'CONFIRMED', suppress: { days: 30 } },
      };
      const res = await bulk(tenant, typeof body === 'string' ? bodies[body] : body);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ error: 'Bad Request', code: 'VALIDATION_ERROR', message });
      expect(await status(tenant, signal.id)).toBe('ACTIVE');
      expect(await reviewAudits(tenant, signal.id)).toBe(0);
    });

    describe('security', () => {
      describeRouteSecurity(t, {
        method: 'POST',
        path: () => '/signals/bulk-review',
        scope: 'signals:review',
        body: { signal_ids: [UNKNOWN], status: 'DISMISSED' },
      });
    });
  });
}
