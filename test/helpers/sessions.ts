import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/domain/users/roles.js';
import type { Environment } from '../../src/domain/values/enums.js';
import { systemClock, type Clock } from '../../src/lib/clock.js';
import { hashPassword } from '../../src/lib/password.js';
import { csrfTokenOf } from '../../src/lib/session-token.js';
import { createLoginThrottle } from '../../src/resources/sessions/login-throttle.js';
import { createMemoryRateLimitStore } from '../../src/api/rate-limit/memory-store.js';
import { createSessionsService } from '../../src/resources/sessions/sessions.service.js';
import { createSessionsStore } from '../../src/resources/sessions/sessions.store.js';
import { createUsersService } from '../../src/resources/users/users.service.js';
import { createUsersStore, type User } from '../../src/resources/users/users.store.js';
import type { TestApp, TestTenant } from './test-app.js';

/** The password of every user made by createTestUser (hashed once per test process: scrypt is slow on purpose). */
export const TEST_PASSWORD = 'correct horse battery staple';
let testPasswordHash: Promise<string> | undefined;

let userSequence = 0;

function servicesOf(t: TestApp, clock: Clock) {
  const users = createUsersStore(t.db.kysely);
  const sessionsStore = createSessionsStore(t.db.kysely);
  return {
    users,
    usersService: createUsersService({ db: t.db.kysely, store: users, sessions: sessionsStore, clock }),
    sessions: createSessionsService({
      db: t.db.kysely,
      store: sessionsStore,
      users,
      throttle: createLoginThrottle(createMemoryRateLimitStore(), {
        perAccount: 1,
        perAddress: 1,
        windowMs: 60_000,
      }),
      config: loadConfig({}).sessions,
      clock,
    }),
  };
}

/** An ACTIVE user of the tenant whose password is TEST_PASSWORD (already chosen: no change required). */
export async function createTestUser(
  t: TestApp,
  tenant: TestTenant,
  role: Role,
  options: { email?: string; clock?: Clock } = {},
): Promise<User> {
  const clock = options.clock ?? systemClock;
  const { users, usersService } = servicesOf(t, clock);
  userSequence += 1;
  const email = options.email ?? `${role}-${process.pid}-${userSequence}-${Date.now()}@bank.example`;
  const { user } = await usersService.create(
    {
      tenantId: tenant.tenantId,
      environment: 'production',
      actor: { apiKeyId: null, userId: null, name: 'operator' },
      requestId: 'test',
    },
    { email, role },
  );
  testPasswordHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = await testPasswordHash;
  await users.update(
    t.db.kysely,
    tenant.tenantId,
    user.id,
    { passwordHash, passwordMustChange: false },
    clock.nowMs(),
  );
  return { ...user, passwordHash, passwordMustChange: false };
}

export interface TestSession {
  userId: string;
  tenantId: string;
  email: string;
  /** The Cookie header a browser would send. */
  cookie: string;
  csrfToken: string;
}

/**
 * A session for a new user of the given role, opened directly in the database (as a sign-in would)
 * to keep suites fast; the sign-in itself is tested over HTTP in auth.routes.test.ts.
 */
export async function openTestSession(
  t: TestApp,
  tenant: TestTenant,
  role: Role,
  environment: Environment = 'production',
  clock: Clock = systemClock,
): Promise<TestSession> {
  const user = await createTestUser(t, tenant, role, { clock });
  const { session, token } = await servicesOf(t, clock).sessions.open(
    user,
    environment,
    { address: '127.0.0.1', userAgent: 'test' },
    'test',
  );
  return {
    userId: session.userId,
    tenantId: session.tenantId,
    email: user.email,
    cookie: `vigil_session=${token}`,
    csrfToken: csrfTokenOf(token),
  };
}

/** Signs in over HTTP; returns the response and, on success, the session as a browser would hold it. */
export async function login(
  app: FastifyInstance,
  body: { email: string; password: string; tenant_id: string; environment?: Environment },
  headers: Record<string, string> = {},
): Promise<{ res: LightMyRequestResponse; session?: TestSession }> {
  const res = await app.inject({
    method: 'POST',
    url: '/auth/login',
    headers,
    payload: { environment: 'production', ...body },
  });
  if (res.statusCode !== 200) return { res };
  const cookies = res.cookies as { name: string; value: string }[];
  const sessionCookie = cookies.find((c) => c.name === 'vigil_session');
  expect(sessionCookie).toBeDefined();
  const json = res.json<{ user: { id: string; email: string; tenant_id: string }; csrf_token: string }>();
  return {
    res,
    session: {
      userId: json.user.id,
      tenantId: json.user.tenant_id,
      email: json.user.email,
      cookie: `vigil_session=${sessionCookie?.value ?? ''}`,
      csrfToken: json.csrf_token,
    },
  };
}

export interface SessionCallOptions {
  method?: InjectOptions['method'];
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send the session's CSRF token (default: for every method but GET). */
  csrf?: boolean;
}

/** A request made by a browser holding the session: the cookie, the CSRF header, no key, no tenant header. */
export function callWithSession(
  app: FastifyInstance,
  session: TestSession,
  options: SessionCallOptions,
): Promise<LightMyRequestResponse> {
  const method = options.method ?? 'GET';
  const csrf = options.csrf ?? method !== 'GET';
  return app.inject({
    method,
    url: options.url,
    headers: {
      cookie: session.cookie,
      ...(csrf ? { 'x-csrf-token': session.csrfToken } : {}),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { payload: options.body as object }),
  });
}
