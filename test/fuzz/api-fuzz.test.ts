import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ERROR_CODES, STATUS_TITLES } from '../../src/api/errors.js';
import { createProfile, eventBody, transactionBody } from '../helpers/activity.js';
import { batchWorker } from '../helpers/batch-worker.js';
import { DIALECTS } from '../helpers/dialects.js';
import { call, createTenant, useTestApp, type TestApp, type TestTenant } from '../helpers/test-app.js';
import { KNOWN_FUZZ_FINDINGS, type FuzzCase } from './known-findings.js';
import { mutated, NASTY_VALUES, valid, type GenContext, type Schema } from './schema-arbitrary.js';

/**
 * The OpenAPI-driven fuzz (issue 12, standing defences): for every documented operation, requests
 * generated from its schemas, valid and mutated (bodies, query strings, path IDs, headers), against a
 * real app on each database. Every answer must be below 500; every 4xx in the error shape of api.md
 * §3; a refused request writes nothing. Fixed seed and a bounded number of runs per route, so CI is
 * deterministic; VIGIL_FUZZ_RUNS raises it for a deeper run by hand, VIGIL_FUZZ_SEED changes the
 * draw, and VIGIL_FUZZ_DEBUG=<route> prints every answer of one route.
 */
// Per dialect: PostgreSQL answers (and snapshots) several times slower, so it gets fewer runs in CI.
const DEFAULT_RUNS = { sqlite: 50, postgres: 20 } as const;
const runsFor = (dialect: 'sqlite' | 'postgres') =>
  Number(process.env.VIGIL_FUZZ_RUNS ?? DEFAULT_RUNS[dialect]);
const SEED = Number(process.env.VIGIL_FUZZ_SEED ?? 20261203);
const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
// Destructive operations run last so the others see the fixtures.
const ORDER: Record<string, number> = { get: 0, post: 1, patch: 2, put: 2, delete: 3 };

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}
interface Doc {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; parameters?: Record<string, Parameter> };
}

// Tables whose rows a tenant's requests write; idempotency_keys (a replay cache that keeps refused
// answers too, api.md §4) and rate_limit_buckets are left out on purpose.
const COUNTED = [
  'profiles',
  'transactions',
  'account_events',
  'signals',
  'signal_evidence',
  'rules',
  'baselines',
  'webhook_endpoints',
  'webhook_events',
  'webhook_deliveries',
  'api_keys',
  'batch_runs',
  'audit_events',
  'tenant_settings',
];
const UPDATED = ['profiles', 'rules', 'signals', 'webhook_endpoints', 'tenant_settings'];

/** What the tenant's data looks like: row counts and the last update of each mutable table. */
async function snapshot(t: TestApp, tenantId: string): Promise<Record<string, unknown>> {
  const parts = [
    ...COUNTED.map(
      (table) =>
        sql`(SELECT COUNT(*) FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}) AS ${sql.ref(table)}`,
    ),
    ...UPDATED.map(
      (table) =>
        sql`(SELECT CAST(MAX(updated_at) AS TEXT) FROM ${sql.table(table)} WHERE tenant_id = ${tenantId}) AS ${sql.ref(`${table}_updated`)}`,
    ),
  ];
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(parts)}`.execute(t.db.kysely);
  return Object.fromEntries(
    Object.entries(rows[0] ?? {}).map(([k, v]) => [k, v === null ? null : `${v as string | number}`]),
  );
}

interface Fixtures {
  ids: Record<string, string[]>;
  other: TestTenant;
}

async function seed(t: TestApp, tenant: TestTenant): Promise<Fixtures> {
  const other = await createTenant(t, 'Other Bank');
  const post = async (url: string, body: unknown) => {
    const res = await call(t.app, tenant, { method: 'POST', url, body });
    if (res.statusCode >= 300) throw new Error(`fixture ${url}: ${res.statusCode} ${res.body}`);
    return res.json<Record<string, unknown>>();
  };
  const profile = await createProfile(t.app, tenant);
  const otherProfile = await createProfile(t.app, other);
  const tx = await post(
    `/v1/profiles/${profile.id}/transactions`,
    transactionBody({ amount: 800, channel: 'GIFT_CARD' }),
  );
  const ev = await post(`/v1/profiles/${profile.id}/events`, eventBody());
  const rules = (await call(t.app, tenant, { url: '/v1/rules?limit=2' })).json<{ data: { id: string }[] }>();
  const hook = await post('/v1/webhooks', { url: 'http://127.0.0.1:9/hooks', events: ['signal.created'] });
  const key = await post('/v1/api-keys', { name: 'fuzz fixture', scopes: ['profiles:read'] });
  const run = await post('/v1/batch-runs', { profile_ids: [profile.id] });
  const signals = (tx.signals as { id: string }[] | undefined) ?? [];
  return {
    other,
    ids: {
      profile_id: [profile.id, otherProfile.id],
      transaction_id: [String(tx.id)],
      event_id: [String(ev.id)],
      signal_id: signals.map((s) => s.id),
      rule_id: rules.data.map((r) => r.id),
      webhook_id: [String(hook.id)],
      api_key_id: [String(key.id)],
      batch_run_id: [String(run.id)],
      resource_id: [profile.id],
    },
  };
}

interface Request {
  base: '/v1' | '/sandbox/v1';
  path: Record<string, string>;
  query: [string, string][];
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string; type: string };
  headers: Record<string, string>;
  auth: 'ok' | 'none' | 'garbage-key' | 'other-tenant' | 'bad-tenant';
}

const toQueryValue = (value: unknown): string =>
  typeof value === 'string'
    ? value
    : Array.isArray(value)
      ? value.map(String).join(',')
      : JSON.stringify(value);

/** Requests for one operation: valid and mutated parts, drawn independently. */
function requestArbitrary(
  op: Operation,
  ctx: GenContext,
  operator: boolean,
  parameter: (ref: string) => Parameter,
): fc.Arbitrary<Request> {
  const params = (op.parameters ?? []).map((p) => ('$ref' in p ? parameter(p.$ref) : p));
  const headerParams = params.filter((p) => p.in === 'header');
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const nastyText = fc.constantFrom(...NASTY_VALUES).map(toQueryValue);

  const pathArb = fc.record(
    Object.fromEntries(
      pathParams.map((p) => [
        p.name,
        fc.oneof(
          { weight: 5, arbitrary: valid(p.schema, ctx, p.name) as fc.Arbitrary<string> },
          { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
          { weight: 1, arbitrary: nastyText },
        ),
      ]),
    ),
  ) as fc.Arbitrary<Record<string, string>>;

  type Pairs = [string, string][];
  const queryParts: fc.Arbitrary<Pairs>[] = queryParams.map((p) => {
    const value = valid(p.schema, ctx, p.name).map(toQueryValue);
    return fc.oneof(
      { weight: 3, arbitrary: fc.constant<Pairs>([]) },
      { weight: 4, arbitrary: value.map((v): Pairs => [[p.name, v]]) },
      { weight: 1, arbitrary: nastyText.map((v): Pairs => [[p.name, v]]) },
      // The same parameter twice (an array where a scalar is expected).
      {
        weight: 1,
        arbitrary: value.map((v): Pairs => [
          [p.name, v],
          [p.name, v],
        ]),
      },
    );
  });
  // Sometimes a parameter the operation does not take.
  const unknownParam = fc.option(
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), nastyText).map((pair): Pairs => [pair]),
    { freq: 8, nil: [] as Pairs },
  );
  const queryArb: fc.Arbitrary<Pairs> = fc
    .tuple(fc.tuple(...queryParts), unknownParam)
    .map(([parts, extra]) => [...parts.flat(), ...extra]);

  const bodySchema = op.requestBody?.content['application/json'].schema;
  const bodyArb: fc.Arbitrary<Request['body']> = bodySchema
    ? fc.oneof(
        { weight: 4, arbitrary: valid(bodySchema, ctx).map((value) => ({ kind: 'json' as const, value })) },
        {
          weight: 5,
          arbitrary: mutated(valid(bodySchema, ctx), bodySchema, ctx).map((value) => ({
            kind: 'json' as const,
            value,
          })),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            { kind: 'raw' as const, text: '{"unterminated": ', type: 'application/json' },
            { kind: 'raw' as const, text: 'name=x', type: 'application/x-www-form-urlencoded' },
            { kind: 'raw' as const, text: '{}', type: 'text/plain' },
            { kind: 'raw' as const, text: '', type: 'application/json' },
            { kind: 'raw' as const, text: '[]', type: 'application/json' },
          ),
        },
      )
    : fc.oneof(
        { weight: 9, arbitrary: fc.constant({ kind: 'none' as const }) },
        {
          weight: 1,
          arbitrary: fc.constant({ kind: 'raw' as const, text: '{"x":1}', type: 'application/json' }),
        },
      );

  // The request headers the document declares (Idempotency-Key on POST, X-Request-ID), each absent,
  // valid per its schema, or one of the values a proxy or a client bug sends.
  const headerArb = fc.record(
    Object.fromEntries(
      headerParams.map((p) => [
        p.name.toLowerCase(),
        fc.oneof(
          { weight: 6, arbitrary: valid(p.schema, ctx, p.name) as fc.Arbitrary<string> },
          { weight: 1, arbitrary: fc.constantFrom('', ' ', 'k'.repeat(300), 'clé', 'a\tb', 'bad id') },
        ),
      ]),
    ),
    { requiredKeys: [] },
  ) as fc.Arbitrary<Record<string, string>>;

  const authArb = fc.oneof(
    { weight: 17, arbitrary: fc.constant('ok' as const) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'none' as const,
        'garbage-key' as const,
        'other-tenant' as const,
        'bad-tenant' as const,
      ),
    },
  );
  return fc.record({
    base: operator
      ? fc.constant('/v1' as const)
      : fc.oneof(
          { weight: 5, arbitrary: fc.constant('/v1' as const) },
          { weight: 1, arbitrary: fc.constant('/sandbox/v1' as const) },
        ),
    path: pathArb,
    query: queryArb,
    body: bodyArb,
    headers: headerArb,
    auth: authArb,
  });
}

/** Percent-encodes a path segment; a lone surrogate (not encodable) is sent as U+FFFD, as browsers do. */
function segment(value: string): string {
  return encodeURIComponent(value.replace(/[\ud800-\udfff]/gu, '\ufffd'));
}

function urlOf(route: string, req: Request, operator: boolean): string {
  const path = route.replace(/\{(\w+)\}/g, (_m, name: string) => segment(req.path[name] ?? ''));
  const query = new URLSearchParams(req.query).toString();
  return `${operator ? '' : req.base}${path}${query ? `?${query}` : ''}`;
}

/** What is wrong with an error answer, or undefined when it is in the shape of api.md §3. */
function errorShapeProblem(
  status: number,
  headers: Record<string, unknown>,
  text: string,
): string | undefined {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `body is not JSON: ${text.slice(0, 200)}`;
  }
  const allowed = ['error', 'message', 'status', 'code', 'request_id', 'details'];
  const extra = Object.keys(body).filter((k) => !allowed.includes(k));
  if (extra.length > 0) return `unexpected fields ${extra.join(', ')}`;
  if (body.status !== status) return `status ${String(body.status)} in a ${status} answer`;
  if (body.error !== STATUS_TITLES[status]) return `error "${String(body.error)}" for ${status}`;
  if (typeof body.message !== 'string' || body.message === '') return 'no message';
  const code = body.code as keyof typeof ERROR_CODES;
  if (!(code in ERROR_CODES)) return `unknown code ${code}`;
  if (ERROR_CODES[code].status !== status) return `code ${code} with status ${status}`;
  if (body.request_id !== headers['x-request-id']) return 'request_id differs from X-Request-ID';
  if (body.details !== undefined && !Array.isArray(body.details)) return 'details is not a list';
  return undefined;
}

function hash(text: string): number {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return Math.abs(h);
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: OpenAPI fuzz of every route`, () => {
    const worker = batchWorker(dialect, { held: true });
    const t = useTestApp(dialect, {
      jobs: worker.jobs,
      env: {
        RATE_LIMIT_PRODUCTION_PER_MINUTE: '10000000',
        RATE_LIMIT_SANDBOX_PER_MINUTE: '10000000',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      },
    });
    let tenant: TestTenant;
    let fixtures: Fixtures;
    let doc: Doc;
    const tally = { cases: 0, routes: 0, byStatus: new Map<number, number>(), known: [] as string[] };

    beforeAll(async () => {
      tenant = await createTenant(t, 'Fuzz Bank');
      fixtures = await seed(t, tenant);
      doc = (await t.app.inject({ url: '/openapi.json' })).json<Doc>();
    });
    afterAll(async () => {
      await worker.close();
      const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
      console.log(
        `[fuzz] ${dialect}: ${tally.cases} cases over ${tally.routes} operations (seed ${SEED}, ${runsFor(dialect)} runs each); ` +
          `statuses ${statuses.join(' ')}; ${tally.known.length} known-finding cases excluded` +
          (tally.known.length > 0 ? `:\n  ${[...new Set(tally.known)].join('\n  ')}` : ''),
      );
    });

    // The oracle itself can fail: a write shows in the snapshot, Fastify's own error body is refused.
    test('the oracle sees a write and a body outside the error shape', async () => {
      const before = await snapshot(t, tenant.tenantId);
      await createProfile(t.app, tenant);
      const after = await snapshot(t, tenant.tenantId);
      expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual(
        expect.arrayContaining(['profiles', 'profiles_updated', 'audit_events']),
      );
      const fastifyBody = JSON.stringify({
        error: 'Bad Request',
        code: 'FST_ERR_MAX_PARAM_LENGTH',
        message: 'x',
        statusCode: 414,
      });
      expect(errorShapeProblem(414, {}, fastifyBody)).toBe('unexpected fields statusCode');
      const res = await t.app.inject({ url: '/v1/profiles', headers: { 'x-tenant-id': tenant.tenantId } });
      expect(errorShapeProblem(res.statusCode, res.headers, res.body)).toBeUndefined();
    });

    test(
      'no 500, every 4xx in the error shape, nothing written by a refused request',
      { timeout: 600_000 },
      async () => {
        const ctx: GenContext = {
          resolve: (ref) => doc.components.schemas[ref.split('/').pop() ?? ''] ?? {},
          ids: fixtures.ids,
        };
        // The browser session routes (/auth/*) take a cookie, not the API keys this harness sends, and
        // live outside the /v1 bases: their own suite (resources/sessions) covers their refusals.
        const operations = Object.entries(doc.paths)
          .filter(([route]) => !route.startsWith('/auth/'))
          .flatMap(([route, item]) =>
            METHODS.filter((m) => item[m]).map((m) => ({ route, method: m, op: item[m]! })),
          )
          .sort((a, b) => ORDER[a.method]! - ORDER[b.method]!);
        const failures: string[] = [];

        for (const { route, method, op } of operations) {
          const operator = ['/healthz', '/readyz', '/metrics'].includes(route);
          tally.routes += 1;
          await fc.assert(
            fc.asyncProperty(
              requestArbitrary(
                op,
                ctx,
                operator,
                (ref) => doc.components.parameters![ref.split('/').pop()!]!,
              ),
              async (req) => {
                tally.cases += 1;
                const url = urlOf(route, req, operator);
                const key = req.base === '/sandbox/v1' ? tenant.sandboxKey : tenant.productionKey;
                const headers: Record<string, string> = { ...req.headers };
                if (req.auth !== 'none')
                  headers.authorization = `Bearer ${req.auth === 'garbage-key' ? 'vgl_live_garbage' : key}`;
                headers['x-tenant-id'] =
                  req.auth === 'other-tenant'
                    ? fixtures.other.tenantId
                    : req.auth === 'bad-tenant'
                      ? 'not-a-tenant'
                      : tenant.tenantId;
                let payload: string | undefined;
                if (req.body.kind === 'json') {
                  payload = JSON.stringify(req.body.value);
                  headers['content-type'] = 'application/json';
                } else if (req.body.kind === 'raw') {
                  payload = req.body.text;
                  headers['content-type'] = req.body.type;
                }
                const fuzzCase: FuzzCase = {
                  dialect,
                  method: method.toUpperCase(),
                  route,
                  url,
                  headers,
                  payload,
                };
                const before = await snapshot(t, tenant.tenantId);
                const res = await t.app.inject({ method: fuzzCase.method as 'GET', url, headers, payload });
                tally.byStatus.set(res.statusCode, (tally.byStatus.get(res.statusCode) ?? 0) + 1);
                if (process.env.VIGIL_FUZZ_DEBUG && route === process.env.VIGIL_FUZZ_DEBUG)
                  console.log(res.statusCode, method, payload?.slice(0, 200), res.body.slice(0, 160));

                const problems: string[] = [];
                if (res.statusCode >= 500)
                  problems.push(`answered ${res.statusCode}: ${res.body.slice(0, 300)}`);
                if (res.statusCode >= 400 && res.statusCode < 500) {
                  const shape = errorShapeProblem(res.statusCode, res.headers, res.body);
                  if (shape) problems.push(`${res.statusCode} not in the error shape: ${shape}`);
                }
                if (res.statusCode >= 400) {
                  const after = await snapshot(t, tenant.tenantId);
                  const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
                  if (changed.length > 0)
                    problems.push(`refused with ${res.statusCode} but wrote ${changed.join(', ')}`);
                }
                if (problems.length === 0) return;
                const known = KNOWN_FUZZ_FINDINGS.find((f) => f.matches(fuzzCase));
                if (known) {
                  tally.known.push(`finding ${known.finding} (${known.owner}): ${fuzzCase.method} ${route}`);
                  return;
                }
                failures.push(
                  `${fuzzCase.method} ${url}\n  body: ${(payload ?? '').slice(0, 300)}\n  ${problems.join('\n  ')}`,
                );
              },
            ),
            // Stateful target: no shrinking; every failure is collected and reported below.
            { seed: SEED + hash(`${method} ${route}`), numRuns: runsFor(dialect), endOnFailure: true },
          );
        }
        expect(failures, failures.join('\n\n')).toEqual([]);
        expect(tally.routes).toBeGreaterThanOrEqual(40);
      },
    );
  });
}
