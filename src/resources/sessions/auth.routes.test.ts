import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import {
  callWithSession,
  createTestUser,
  login,
  openTestSession,
  TEST_PASSWORD,
} from '../../../test/helpers/sessions.js';
import { call, createTenant, profileBody, useTestApp } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';
import { hashSessionToken } from '../../lib/session-token.js';
import { ENDED_SESSION_RETENTION_MS } from './sessions.service.js';

function setCookies(res: { headers: Record<string, unknown> }): string[] {
  const raw = res.headers['set-cookie'];
  return Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
}

for (const dialect of DIALECTS) {
  describe(`${dialect}: browser sessions`, () => {
    const t = useTestApp(dialect);

    test('login answers the session body and sets an HttpOnly SameSite=Strict session cookie and a CSRF cookie', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const { res, session } = await login(t.app, {
        email: user.email.toUpperCase(),
        password: TEST_PASSWORD,
        tenant_id: tenant.tenantId,
      });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        user: {
          id: user.id,
          email: user.email,
          name: user.email,
          role: 'analyst',
          tenant_id: tenant.tenantId,
          status: 'ACTIVE',
          password_change_required: false,
        },
        environment: 'production',
      });
      expect(body.scopes).toContain('signals:review');
      expect(body.scopes).not.toContain('signals:assign');
      expect(Date.parse(body.idle_expires_at)).toBeLessThanOrEqual(Date.parse(body.expires_at));
      const cookies = setCookies(res);
      const sessionCookie = cookies.find((c) => c.startsWith('vigil_session='));
      const csrfCookie = cookies.find((c) => c.startsWith('vigil_csrf='));
      expect(sessionCookie).toMatch(/^vigil_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Strict; HttpOnly$/);
      expect(csrfCookie).toBe(`vigil_csrf=${body.csrf_token}; Path=/; SameSite=Strict`);
      // Only a hash of the session ID is stored.
      const token = session!.cookie.slice('vigil_session='.length);
      const rows = await t.db.kysely
        .selectFrom('user_sessions')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]?.session_hash).toBe(hashSessionToken(token));
      expect(JSON.stringify(rows)).not.toContain(token);

      const me = await callWithSession(t.app, session!, { url: '/auth/me' });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ user: { id: user.id }, csrf_token: body.csrf_token });
      const profiles = await callWithSession(t.app, session!, { url: '/v1/profiles' });
      expect(profiles.statusCode).toBe(200);
    });

    test('over plain HTTP (SESSION_COOKIE_SECURE=auto) the cookies are not marked Secure', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const { res } = await login(t.app, {
        email: user.email,
        password: TEST_PASSWORD,
        tenant_id: tenant.tenantId,
      });
      expect(res.statusCode).toBe(200);
      expect(setCookies(res)).toHaveLength(2);
      expect(setCookies(res).some((c) => c.includes('Secure'))).toBe(false);
    });

    test.each([
      ['a wrong password', (email: string) => ({ email, password: `${TEST_PASSWORD}!` })],
      ['an unknown email', () => ({ email: 'nobody@bank.example', password: TEST_PASSWORD })],
    ])('refuses %s with 401 "invalid email or password" and sets no cookie', async (_name, credentials) => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const { res } = await login(t.app, { ...credentials(user.email), tenant_id: tenant.tenantId });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid email or password' });
      expect(setCookies(res)).toEqual([]);
    });

    test("refuses a user of another tenant with the same 401 (a tenant's users sign in only to it)", async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const user = await createTestUser(t, tenant, 'admin');
      const { res } = await login(t.app, {
        email: user.email,
        password: TEST_PASSWORD,
        tenant_id: other.tenantId,
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid email or password' });
    });

    test.each([
      [{ email: 'not-an-email' }, 'email must be an email address'],
      [{ environment: 'staging' }, 'environment must be one of production, sandbox'],
      [{ tenant_id: 'acme' }, 'tenant_id must be a UUID'],
    ])('refuses a malformed login %j with 400', async (override, message) => {
      const tenant = await createTenant(t);
      const res = await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: {
          email: 'a@bank.example',
          password: 'x',
          tenant_id: tenant.tenantId,
          environment: 'production',
          ...override,
        },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_ERROR', message });
    });

    test('logout needs the CSRF token, then ends the session and clears both cookies', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst');
      const withoutToken = await callWithSession(t.app, session, {
        method: 'POST',
        url: '/auth/logout',
        csrf: false,
      });
      expect(withoutToken.statusCode).toBe(403);
      expect(withoutToken.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'missing or invalid CSRF token',
      });
      expect((await callWithSession(t.app, session, { url: '/auth/me' })).statusCode).toBe(200);

      const res = await callWithSession(t.app, session, { method: 'POST', url: '/auth/logout' });
      expect(res.statusCode).toBe(204);
      const cleared = setCookies(res);
      expect(cleared).toContain('vigil_session=; Path=/; SameSite=Strict; HttpOnly; Max-Age=0');
      expect(cleared).toContain('vigil_csrf=; Path=/; SameSite=Strict; Max-Age=0');
      for (const url of ['/auth/me', '/v1/profiles']) {
        const after = await callWithSession(t.app, session, { url });
        expect(after.statusCode).toBe(401);
        expect(after.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid or expired session' });
      }
      const audit = (
        await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${session.userId}` })
      ).json();
      expect(audit.data.map((e: { action: string }) => e.action)).toEqual([
        'user.signed_out',
        'user.signed_in',
        'user.created',
      ]);
      expect(audit.data[0].actor).toEqual({ api_key_id: null, user_id: session.userId, name: session.email });
    });

    test('GET /auth/me without a cookie is 401 "missing session"; with a forged one 401 and the cookies cleared', async () => {
      const missing = await t.app.inject({ url: '/auth/me' });
      expect(missing.json()).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'missing session' });
      const forged = await t.app.inject({
        url: '/auth/me',
        headers: { cookie: 'vigil_session=forged-value' },
      });
      expect(forged.json()).toMatchObject({
        status: 401,
        code: 'UNAUTHORIZED',
        message: 'invalid or expired session',
      });
      expect(setCookies(forged)).toContain('vigil_session=; Path=/; SameSite=Strict; HttpOnly; Max-Age=0');
    });

    test('a cookie sent twice (one planted by a sibling domain) is refused, not guessed at', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst');
      const other = await openTestSession(t, tenant, 'admin');
      const res = await t.app.inject({
        url: '/v1/profiles',
        headers: { cookie: `${other.cookie}; ${session.cookie}` },
      });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid or expired session' });
    });

    test('a request with both a session cookie and an API key is refused with 400', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'admin');
      for (const url of ['/v1/profiles', '/auth/me']) {
        const res = await callWithSession(t.app, session, {
          url,
          headers: { authorization: `Bearer ${tenant.productionKey}`, 'x-tenant-id': tenant.tenantId },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          code: 'VALIDATION_ERROR',
          message: 'send either an API key or a session, not both',
        });
      }
    });

    test('X-Tenant-ID is optional with a session; another tenant\'s ID is 401 "invalid tenant ID"', async () => {
      const tenant = await createTenant(t);
      const other = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst');
      const own = await callWithSession(t.app, session, {
        url: '/v1/profiles',
        headers: { 'x-tenant-id': tenant.tenantId },
      });
      expect(own.statusCode).toBe(200);
      const wrong = await callWithSession(t.app, session, {
        url: '/v1/profiles',
        headers: { 'x-tenant-id': other.tenantId },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ code: 'TENANT_NOT_FOUND', message: 'invalid tenant ID' });
    });

    test("a session of tenant A gets 404 for tenant B's profile", async () => {
      const owner = await createTenant(t);
      const intruder = await createTenant(t);
      const created = await call(t.app, owner, { method: 'POST', url: '/v1/profiles', body: profileBody() });
      const id = created.json<{ id: string }>().id;
      const session = await openTestSession(t, intruder, 'admin');
      const res = await callWithSession(t.app, session, { url: `/v1/profiles/${id}` });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'PROFILE_NOT_FOUND' });
    });

    test('the session chooses its environment: switching it moves which base works', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst', 'sandbox');
      const live = await callWithSession(t.app, session, { url: '/v1/profiles' });
      expect(live.statusCode).toBe(403);
      expect(live.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'session is for the sandbox environment',
      });
      expect((await callWithSession(t.app, session, { url: '/sandbox/v1/profiles' })).statusCode).toBe(200);

      const noCsrf = await callWithSession(t.app, session, {
        method: 'POST',
        url: '/auth/environment',
        body: { environment: 'production' },
        csrf: false,
      });
      expect(noCsrf.statusCode).toBe(403);
      const switched = await callWithSession(t.app, session, {
        method: 'POST',
        url: '/auth/environment',
        body: { environment: 'production' },
      });
      expect(switched.statusCode).toBe(200);
      expect(switched.json()).toMatchObject({ environment: 'production', csrf_token: session.csrfToken });
      expect((await callWithSession(t.app, session, { url: '/v1/profiles' })).statusCode).toBe(200);
      const sandbox = await callWithSession(t.app, session, { url: '/sandbox/v1/profiles' });
      expect(sandbox.json()).toMatchObject({
        code: 'FORBIDDEN',
        message: 'session is for the production environment',
      });
    });

    test('state-changing API calls with a cookie need the CSRF header; nothing is stored without it', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'admin');
      const body = profileBody();
      for (const headers of [
        {},
        { 'x-csrf-token': 'wrong' },
        { 'x-csrf-token': `${session.csrfToken}x` },
      ] as Record<string, string>[]) {
        const res = await callWithSession(t.app, session, {
          method: 'POST',
          url: '/v1/profiles',
          body,
          csrf: false,
          headers,
        });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: 'missing or invalid CSRF token' });
      }
      const listed = await callWithSession(t.app, session, { url: '/v1/profiles' });
      expect(listed.json().data).toEqual([]);
      const other = await openTestSession(t, tenant, 'admin');
      const crossed = await callWithSession(t.app, session, {
        method: 'POST',
        url: '/v1/profiles',
        body,
        csrf: false,
        headers: { 'x-csrf-token': other.csrfToken },
      });
      expect(crossed.statusCode).toBe(403);
      const ok = await callWithSession(t.app, session, { method: 'POST', url: '/v1/profiles', body });
      expect(ok.statusCode).toBe(201);
    });

    test('the actor of an audit event made with a session is the user', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'admin');
      const created = await callWithSession(t.app, session, {
        method: 'POST',
        url: '/v1/profiles',
        body: profileBody(),
      });
      const id = created.json<{ id: string }>().id;
      const audit = (
        await callWithSession(t.app, session, { url: `/v1/audit-events?resource_id=${id}` })
      ).json();
      expect(audit.data[0]).toMatchObject({
        action: 'profile.created',
        actor: { api_key_id: null, user_id: session.userId, name: session.email },
      });
      const byActor = (await call(t.app, tenant, { url: `/v1/audit-events?actor=${session.userId}` })).json();
      expect(byActor.data.map((e: { resource_id: string }) => e.resource_id)).toContain(id);
      const byKey = (await call(t.app, tenant, { url: `/v1/audit-events?resource_id=${id}` })).json();
      expect(byKey.data[0].actor.user_id).toBe(session.userId);
    });
  });

  describe(`${dialect}: SESSION_COOKIE_SECURE=always (TLS terminated by a proxy)`, () => {
    const t = useTestApp(dialect, { env: { SESSION_COOKIE_SECURE: 'always' } });

    test('marks both cookies Secure, when setting and when clearing them', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst');
      const { res, session } = await login(t.app, {
        email: user.email,
        password: TEST_PASSWORD,
        tenant_id: tenant.tenantId,
      });
      expect(setCookies(res).map((c) => c.split(';')[0]?.split('=')[0])).toEqual([
        'vigil_session',
        'vigil_csrf',
      ]);
      expect(setCookies(res).every((c) => c.includes('; Secure'))).toBe(true);
      const out = await callWithSession(t.app, session!, { method: 'POST', url: '/auth/logout' });
      expect(out.statusCode).toBe(204);
      expect(setCookies(out).every((c) => c.includes('; Secure') && c.endsWith('Max-Age=0'))).toBe(true);
    });
  });

  describe(`${dialect}: session expiry`, () => {
    const clock = manualClock(Date.now());
    const t = useTestApp(dialect, {
      clock,
      env: { SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' },
    });

    test('a session unused for the idle time ends; use pushes the idle expiry forward', async () => {
      const tenant = await createTenant(t);
      const session = await openTestSession(t, tenant, 'analyst', 'production', clock);
      clock.advance(29 * 60_000);
      const used = await callWithSession(t.app, session, { url: '/auth/me' });
      expect(used.statusCode).toBe(200);
      expect(Date.parse(used.json().idle_expires_at)).toBe(clock.nowMs() + 30 * 60_000);
      clock.advance(29 * 60_000);
      expect((await callWithSession(t.app, session, { url: '/v1/profiles' })).statusCode).toBe(200);
      clock.advance(30 * 60_000);
      const expired = await callWithSession(t.app, session, { url: '/v1/profiles' });
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toMatchObject({ code: 'UNAUTHORIZED', message: 'invalid or expired session' });
    });

    test("a new sign-in deletes the user's sessions that ended more than 90 days ago, and keeps recent ones", async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst', { clock });
      const signIn = () =>
        login(t.app, { email: user.email, password: TEST_PASSWORD, tenant_id: tenant.tenantId });
      const first = await signIn();
      await callWithSession(t.app, first.session!, { method: 'POST', url: '/auth/logout' });
      const sessionsOf = async () =>
        (
          await t.db.kysely.selectFrom('user_sessions').select('id').where('user_id', '=', user.id).execute()
        ).map((r) => r.id);
      const [firstId] = await sessionsOf();
      clock.advance(ENDED_SESSION_RETENTION_MS - 60_000);
      await signIn();
      expect(await sessionsOf()).toHaveLength(2);
      clock.advance(120_000);
      await signIn();
      // The logged-out one is gone; the second, ended by its absolute expiry under 90 days ago, stays.
      const left = await sessionsOf();
      expect(left).toHaveLength(2);
      expect(left).not.toContain(firstId);
    });

    test('a session ends at its absolute expiry however active it is', async () => {
      const tenant = await createTenant(t);
      const user = await createTestUser(t, tenant, 'analyst', { clock });
      const signedIn = await login(t.app, {
        email: user.email,
        password: TEST_PASSWORD,
        tenant_id: tenant.tenantId,
      });
      const session = signedIn.session!;
      expect(Date.parse(signedIn.res.json().expires_at)).toBe(clock.nowMs() + 2 * 3_600_000);
      for (let i = 0; i < 7; i++) {
        clock.advance(17 * 60_000);
        expect((await callWithSession(t.app, session, { url: '/v1/profiles' })).statusCode).toBe(200);
      }
      // 119 minutes in; the idle expiry would allow 30 more but the absolute one (2 h) ends it.
      clock.advance(60_000);
      const me = await callWithSession(t.app, session, { url: '/auth/me' });
      expect(me.statusCode).toBe(401);
    });
  });
}
