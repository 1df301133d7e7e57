import { describe, expect, test } from 'vitest';
import { createProfile, transactionBody } from '../../../test/helpers/activity.js';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp, type TestTenant } from '../../../test/helpers/test-app.js';
import { sweepExpired } from '../../jobs/retention.js';
import { newId } from '../../lib/ids.js';
import { withTransaction } from '../../store/transaction.js';
import { MAX_EVIDENCE_SERIALIZED } from '../signals/signals.schemas.js';
import { recordWebhookEvent } from './webhooks.outbox.js';

const DAY_MS = 86_400_000;
const sandbox = { environment: 'sandbox' as const };

for (const dialect of DIALECTS) {
  describe(`${dialect}: outbox growth`, () => {
    const t = useTestApp(dialect);

    const addEndpoint = async (tenant: TestTenant, events: string[], base = '/sandbox/v1') => {
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: `${base}/webhooks`,
        body: { url: 'https://93.184.215.14/hook', events },
      });
      expect(res.statusCode).toBe(201);
      return res.json<{ id: string }>().id;
    };
    const outboxOf = (tenantId: string) =>
      t.db.kysely.selectFrom('webhook_events').selectAll().where('tenant_id', '=', tenantId).execute();
    /** A sandbox profile whose test name fires on every debit (api.md §7): one signal collects them all. */
    const scamProfile = (tenant: TestTenant) =>
      createProfile(t.app, tenant, { customer_name: 'Test Romance Hill' }, '/sandbox/v1');
    const ingest = (tenant: TestTenant, profileId: string, count: number, day = 1) =>
      call(t.app, tenant, {
        method: 'POST',
        url: `/sandbox/v1/profiles/${profileId}/transactions`,
        body: {
          transactions: Array.from({ length: count }, (_, i) =>
            transactionBody({
              occurred_at: new Date(Date.UTC(2026, 5, day, 10, 0, i % 60, Math.floor(i / 60))).toISOString(),
            }),
          ),
        },
      });

    test('a 500-debit ingest joining one signal writes one small event, not one per debit', async () => {
      const tenant = await createTenant(t);
      await addEndpoint(tenant, ['signal.created', 'signal.updated']);
      const profile = await scamProfile(tenant);
      expect((await ingest(tenant, profile.id, 500)).statusCode).toBe(201);
      const events = await outboxOf(tenant.tenantId);
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event?.type).toBe('signal.created');
      expect(event?.payload.length).toBeLessThan(4096);
      const body = JSON.parse(event?.payload ?? '{}') as { data: Record<string, unknown> };
      expect(body.data).toMatchObject({ profile_id: profile.id, evidence_count: 500 });
      expect(body.data).not.toHaveProperty('evidence');

      // A later ingest joining the same signal: one signal.updated with the final state.
      expect((await ingest(tenant, profile.id, 300, 2)).statusCode).toBe(201);
      const after = await outboxOf(tenant.tenantId);
      expect(after.map((e) => e.type).sort()).toEqual(['signal.created', 'signal.updated']);
      const updated = after.find((e) => e.type === 'signal.updated');
      expect(JSON.parse(updated?.payload ?? '{}')).toMatchObject({ data: { evidence_count: 800 } });
    });

    test('writes no event when no endpoint subscribes to its type', async () => {
      const tenant = await createTenant(t);
      await addEndpoint(tenant, ['batch_run.completed']);
      await addEndpoint(tenant, ['signal.created'], '/v1'); // the other environment
      const profile = await scamProfile(tenant);
      expect((await ingest(tenant, profile.id, 20)).statusCode).toBe(201);
      expect(await outboxOf(tenant.tenantId)).toEqual([]);
      expect(
        await t.db.kysely
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('tenant_id', '=', tenant.tenantId)
          .execute(),
      ).toEqual([]);
    });

    test('events do not outlive their endpoint', async () => {
      const tenant = await createTenant(t);
      const kept = await addEndpoint(tenant, ['signal.created']);
      const removed = await addEndpoint(tenant, ['signal.created', 'signal.updated']);
      const profile = await scamProfile(tenant);
      await ingest(tenant, profile.id, 3);
      await ingest(tenant, profile.id, 3, 2); // signal.updated: only `removed` subscribes
      expect(await outboxOf(tenant.tenantId)).toHaveLength(2);
      const res = await call(t.app, tenant, { method: 'DELETE', url: `/sandbox/v1/webhooks/${removed}` });
      expect(res.statusCode).toBe(204);
      expect((await outboxOf(tenant.tenantId)).map((e) => e.type)).toEqual(['signal.created']);
      await call(t.app, tenant, { method: 'DELETE', url: `/sandbox/v1/webhooks/${kept}` });
      expect(await outboxOf(tenant.tenantId)).toEqual([]);
    });

    test('the retention sweep deletes finished and expired attempts, their events, old idempotency rows and idle buckets, and keeps the rest', async () => {
      const tenant = await createTenant(t);
      await addEndpoint(tenant, ['signal.created']);
      const nowMs = Date.now();
      const ctx = { tenantId: tenant.tenantId, ...sandbox };
      const record = (atMs: number) =>
        withTransaction(t.db.kysely, (trx) =>
          recordWebhookEvent(trx, ctx, 'signal.created', { id: newId() }, atMs),
        );
      const setStatus = (eventId: string | undefined, status: string) =>
        t.db.kysely
          .updateTable('webhook_deliveries')
          .set({ status })
          .where('event_id', '=', eventId ?? '')
          .execute();
      const oldDelivered = await record(nowMs - 8 * DAY_MS);
      await setStatus(oldDelivered, 'SUCCEEDED');
      const oldFailed = await record(nowMs - 8 * DAY_MS);
      await setStatus(oldFailed, 'FAILED');
      const abandoned = await record(nowMs - 9 * DAY_MS); // still PENDING: no dispatcher ran
      const recentDelivered = await record(nowMs - 1 * DAY_MS);
      await setStatus(recentDelivered, 'SUCCEEDED');
      const pending = await record(nowMs - 2 * 3_600_000);

      const key = (name: string) => `${tenant.tenantId}:${name}`;
      await t.db.kysely
        .insertInto('idempotency_keys')
        .values(
          [
            ['old', nowMs - 25 * 3_600_000],
            ['fresh', nowMs - 3_600_000],
          ].map(([name, at]) => ({
            tenant_id: tenant.tenantId,
            environment: 'sandbox',
            caller_id: 'key',
            idempotency_key: String(name),
            request_hash: 'h',
            response_status: 201,
            response_body: '{}',
            created_at: Number(at),
          })),
        )
        .execute();
      await t.db.kysely
        .insertInto('rate_limit_buckets')
        .values([
          { bucket_key: key('idle'), tokens: 3, updated_at_ms: nowMs - 10 * 60_000, last_allowed: 1 },
          { bucket_key: key('busy'), tokens: 3, updated_at_ms: nowMs - 1000, last_allowed: 1 },
        ])
        .execute();

      const swept = await sweepExpired(t.db.kysely, nowMs, { webhookDeliveryRetentionDays: 7 });
      expect(swept.webhookDeliveries).toBeGreaterThanOrEqual(3);
      const left = (await outboxOf(tenant.tenantId)).map((e) => e.id).sort();
      expect(left).toEqual([recentDelivered, pending].sort());
      for (const gone of [oldDelivered, oldFailed, abandoned]) {
        const rows = await t.db.kysely
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('event_id', '=', gone ?? '')
          .execute();
        expect(rows).toEqual([]);
      }
      const keys = await t.db.kysely
        .selectFrom('idempotency_keys')
        .select('idempotency_key')
        .where('tenant_id', '=', tenant.tenantId)
        .execute();
      expect(keys.map((k) => k.idempotency_key)).toEqual(['fresh']);
      const buckets = await t.db.kysely
        .selectFrom('rate_limit_buckets')
        .select('bucket_key')
        .where('bucket_key', 'in', [key('idle'), key('busy')])
        .execute();
      expect(buckets.map((b) => b.bucket_key)).toEqual([key('busy')]);
    });

    test('a signal with 100k evidence items still scores, and reads and ingests answer with a bounded body', async () => {
      const tenant = await createTenant(t);
      const profile = await scamProfile(tenant);
      const first = await ingest(tenant, profile.id, 1);
      const signalId = first.json<{ signals: { id: string }[] }>().signals[0]?.id ?? '';
      const [template] = await t.db.kysely
        .selectFrom('signal_evidence')
        .selectAll()
        .where('signal_id', '=', signalId)
        .execute();
      if (!template) throw new Error('the first debit raised no evidence');
      const content = JSON.parse(template.content) as Record<string, unknown>;
      const total = 100_000;
      const slice = 1000;
      await withTransaction(t.db.kysely, async (trx) => {
        for (let i = 0; i < total; i += slice) {
          await trx
            .insertInto('signal_evidence')
            .values(
              Array.from({ length: slice }, (_, j) => {
                const itemId = newId();
                const occurredAt = template.occurred_at - (i + j + 1) * 1000;
                return {
                  ...template,
                  item_id: itemId,
                  occurred_at: occurredAt,
                  content: JSON.stringify({
                    ...content,
                    itemId,
                    transactionIds: [itemId],
                    occurredAtMs: occurredAt,
                  }),
                };
              }),
            )
            .execute();
        }
      });

      const started = Date.now();
      const next = await ingest(tenant, profile.id, 1);
      expect(next.statusCode).toBe(201);
      const joined = next.json<{ signals: { id: string; evidence: unknown[]; evidence_count: number }[] }>()
        .signals[0];
      expect(joined).toMatchObject({ id: signalId, evidence_count: total + 2 });
      expect(joined?.evidence.length).toBeLessThanOrEqual(MAX_EVIDENCE_SERIALIZED);

      const read = await call(t.app, tenant, { url: `/sandbox/v1/signals/${signalId}` });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({
        evidence_count: total + 2,
        summary: expect.stringContaining('(100002 items'),
      });
      expect(read.json<{ evidence: unknown[] }>().evidence).toHaveLength(MAX_EVIDENCE_SERIALIZED);
      expect(read.body.length).toBeLessThan(200_000);
      expect(Date.now() - started).toBeLessThan(15_000);
    }, 120_000);
  });
}
