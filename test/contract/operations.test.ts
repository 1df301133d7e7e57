import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { createProfile, transactionBody } from '../helpers/activity.js';
import { batchWorker } from '../helpers/batch-worker.js';
import { DIALECTS } from '../helpers/dialects.js';
import { buildTestApp, call, createTenant, useTestApp, type TestApp } from '../helpers/test-app.js';

const TOKEN = { authorization: 'Bearer ops-secret' };

/** A due webhook attempt, 30 s late, straight into the outbox tables. */
async function lateDelivery(t: TestApp, tenantId: string): Promise<void> {
  const nowMs = Date.now();
  const endpointId = newId();
  const eventId = `msg_${newId()}`;
  await t.db.kysely
    .insertInto('webhook_endpoints')
    .values({
      id: endpointId,
      tenant_id: tenantId,
      environment: 'production',
      url: 'https://hooks.example.com/vigil',
      events: '["signal.created"]',
      description: null,
      enabled: 1,
      secret: 'plain:whsec_test',
      created_at: nowMs,
      updated_at: nowMs,
    })
    .execute();
  await t.db.kysely
    .insertInto('webhook_events')
    .values({
      id: eventId,
      tenant_id: tenantId,
      environment: 'production',
      type: 'signal.created',
      payload: '{}',
      created_at: nowMs - 30_000,
    })
    .execute();
  await t.db.kysely
    .insertInto('webhook_deliveries')
    .values({
      id: newId(),
      tenant_id: tenantId,
      environment: 'production',
      endpoint_id: endpointId,
      event_id: eventId,
      event_type: 'signal.created',
      attempt: 1,
      status: 'PENDING',
      response_status: null,
      error: null,
      attempted_at: null,
      next_attempt_at: nowMs - 30_000,
      locked_until: null,
      claimed_by: null,
      created_at: nowMs - 30_000,
    })
    .execute();
}

/** Queued plan jobs: local_jobs' QUEUED on SQLite, pg-boss's created on PostgreSQL. */
const planJobs = (body: string): number =>
  (metricValue(body, 'vigil_job_queue_depth{queue="batch-run-plan",state="QUEUED"}') ?? 0) +
  (metricValue(body, 'vigil_job_queue_depth{queue="batch-run-plan",state="created"}') ?? 0);

const metricValue = (body: string, series: string): number | undefined => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe.each(DIALECTS)('%s: GET /metrics', (dialect) => {
  // Jobs held (SQLite) or not worked (PostgreSQL test apps), so a run's plan job stays queued.
  const worker = batchWorker(dialect, { held: true });
  const t = useTestApp(dialect, {
    env: { METRICS_TOKEN: 'ops-secret', JOBS_SCHEMA: 'vigil_jobs_metrics_test' },
    jobs: worker.jobs,
  });
  afterAll(() => worker.close());

  test('without the operator token it is 401; with it, process, HTTP, scoring, batch, queue and outbox series', async () => {
    expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong' } })).statusCode,
    ).toBe(401);

    const before = await t.app.inject({ url: '/metrics', headers: TOKEN });
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(
      metricValue(before.body, 'vigil_scoring_duration_seconds_count{kind="transactions"}'),
    ).toBeUndefined();

    const tenant = await createTenant(t);
    const profile = await createProfile(t.app, tenant);
    const scored = await call(t.app, tenant, {
      method: 'POST',
      url: `/v1/profiles/${profile.id}/transactions`,
      body: { transactions: [transactionBody(), transactionBody()] },
    });
    expect(scored.statusCode).toBe(201);
    const run = await call(t.app, tenant, {
      method: 'POST',
      url: '/v1/batch-runs',
      body: { from: '2026-05-01T00:00:00Z', to: '2026-06-02T00:00:00Z' },
    });
    expect(run.statusCode).toBe(202);
    await lateDelivery(t, tenant.tenantId);

    const res = await t.app.inject({ url: '/metrics', headers: TOKEN });
    const body = res.body;
    for (const family of [
      'process_cpu_user_seconds_total counter',
      'process_resident_memory_bytes gauge',
      'nodejs_heap_size_used_bytes gauge',
      'nodejs_eventloop_lag_p99_seconds gauge',
      'nodejs_gc_duration_seconds histogram',
      'vigil_http_request_duration_seconds histogram',
      'vigil_scoring_duration_seconds histogram',
    ])
      expect(body).toContain(`# TYPE ${family}`);
    expect(
      metricValue(
        body,
        'vigil_http_requests_total{method="POST",route="/v1/profiles/:profile_id/transactions",status="201"}',
      ),
    ).toBe(1);
    const route = 'method="POST",route="/v1/profiles/:profile_id/transactions"';
    expect(metricValue(body, `vigil_http_request_duration_seconds_count{${route}}`)).toBe(1);
    expect(metricValue(body, `vigil_http_request_duration_seconds_bucket{${route},le="+Inf"}`)).toBe(1);
    expect(metricValue(body, `vigil_http_request_duration_seconds_bucket{${route},le="5"}`)).toBe(1);
    expect(metricValue(body, `vigil_http_request_duration_seconds_sum{${route}}`)).toBeGreaterThan(0);
    expect(metricValue(body, 'vigil_scoring_duration_seconds_count{kind="transactions"}')).toBe(1);
    expect(metricValue(body, 'vigil_scored_items_total{kind="transactions"}')).toBe(2);
    expect(metricValue(body, 'vigil_batch_runs{status="QUEUED"}')).toBeGreaterThanOrEqual(1);
    // A QUEUED run is not planned yet: its profiles count once it runs.
    expect(metricValue(body, 'vigil_batch_run_profiles{state="total"}')).toBeGreaterThanOrEqual(0);
    // The queue outlives a test run on PostgreSQL: count what this run added.
    expect(planJobs(body)).toBe(planJobs(before.body) + 1);
    expect(metricValue(body, 'vigil_webhook_outbox_pending')).toBeGreaterThanOrEqual(1);
    expect(metricValue(body, 'vigil_webhook_outbox_lag_seconds')).toBeGreaterThanOrEqual(29);
    expect(metricValue(body, 'vigil_webhook_deliveries_failed_last_hour')).toBeGreaterThanOrEqual(0);
  });
});

describe('security headers', () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    // A page route with its own policy, as the console's are.
    t.app.get(
      '/page-under-test',
      {
        config: {
          helmet: {
            contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'self'"] } },
          },
        },
      },
      () => 'page',
    );
    t.app.get('/bare-under-test', { config: { helmet: false } }, () => 'bare');
  });
  afterAll(() => t.close());

  test('API responses, errors included, carry a CSP that allows nothing and the helmet set', async () => {
    const res = await t.app.inject({ url: '/v1/profiles' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  test('/docs keeps the Swagger UI working: its own CSP allows its scripts and styles', async () => {
    const res = await t.app.inject({ url: '/docs/' });
    expect(res.statusCode).toBe(200);
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('a route overrides the CSP with config.helmet, or turns the headers off with false', async () => {
    const page = await t.app.inject({ url: '/page-under-test' });
    expect(page.headers['content-security-policy']).toBe("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const bare = await t.app.inject({ url: '/bare-under-test' });
    expect(bare.headers['content-security-policy']).toBeUndefined();
    expect(bare.headers['x-content-type-options']).toBeUndefined();
  });
});

describe('overload', () => {
  test('over a limit, requests get 503 SERVICE_UNAVAILABLE with Retry-After; probes and metrics still answer', async () => {
    // A heap limit of 1 byte: overloaded from the second sample (a second apart) after ready on;
    // with at least 1 request in flight, each request counts itself.
    const t = await buildTestApp('sqlite', {
      env: {
        OVERLOAD_MAX_HEAP_USED_BYTES: '1',
        OVERLOAD_RETRY_AFTER_SECONDS: '7',
        OVERLOAD_MIN_IN_FLIGHT: '1',
      },
    });
    try {
      const first = await t.app.inject({ url: '/v1/profiles' });
      expect(first.statusCode).toBe(401);
      let res = first;
      const deadline = Date.now() + 5000;
      while (res.statusCode !== 503 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        res = await t.app.inject({ url: '/v1/profiles' });
      }
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('7');
      expect(res.json()).toMatchObject({
        error: 'Service Unavailable',
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        message: 'the server is overloaded; retry after Retry-After seconds',
      });
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/metrics' })).statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });

  test('under the same pressure with fewer requests in flight than the minimum, nothing is refused', async () => {
    const t = await buildTestApp('sqlite', {
      env: { OVERLOAD_MAX_HEAP_USED_BYTES: '1', OVERLOAD_MIN_IN_FLIGHT: '2' },
    });
    try {
      await t.app.ready();
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect((await t.app.inject({ url: '/v1/profiles' })).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  test('a bad threshold stops the start with its name', async () => {
    await expect(
      buildTestApp('sqlite', { env: { OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '1.5' } }),
    ).rejects.toThrow('OVERLOAD_MAX_EVENT_LOOP_UTILIZATION must be a number from 0 to 1');
  });
});
