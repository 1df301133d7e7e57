import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { RateDecision } from '../../api/rate-limit/token-bucket.js';
import type { SessionConfig } from '../../config.js';
import { scopesOfRole } from '../../domain/users/roles.js';
import type { Environment, Scope } from '../../domain/values/enums.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { dummyPasswordHash, hashPassword, verifyPassword } from '../../lib/password.js';
import { csrfTokenOf, generateSessionToken, hashSessionToken, tokensEqual } from '../../lib/session-token.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { normaliseEmail, type UsersStore } from '../users/users.store.js';
import type { LoginThrottle } from './login-throttle.js';
import type { SessionsStore, SessionWithUser } from './sessions.store.js';

// last_seen_at (and with it the idle expiry) is written at most once a minute per session.
const TOUCH_GRANULARITY_MS = 60_000;
// Ended sessions stay this long (who was signed in from where, for an investigation), then a new
// sign-in of the same user deletes them, so the table grows with users, not with sign-ins.
export const ENDED_SESSION_RETENTION_MS = 90 * 86_400_000;

export interface LoginInput {
  tenantId: string;
  email: string;
  password: string;
  environment: Environment;
  clientAddress: string;
  userAgent: string | null;
}

export type LoginResult =
  { ok: true; session: SessionWithUser; token: string } | { ok: false; throttled: RateDecision };

/** What the session cookie's holder is told about their session (login, /auth/me). */
export interface SessionView {
  session: SessionWithUser;
  csrfToken: string;
  scopes: Scope[];
}

function contextOf(session: SessionWithUser, requestId: string): TenantContext {
  return {
    tenantId: session.tenantId,
    environment: session.environment,
    actor: { apiKeyId: null, userId: session.userId, name: session.user.email },
    requestId,
  };
}

export function createSessionsService(deps: {
  db: Kysely<Database>;
  store: SessionsStore;
  users: UsersStore;
  throttle: LoginThrottle;
  config: SessionConfig;
  clock: Clock;
}) {
  const { db, store, users, throttle, config, clock } = deps;

  /** The live session a cookie value names, with its user as they are now; undefined when it has ended. */
  async function resolve(token: string, nowMs: number): Promise<SessionWithUser | undefined> {
    const session = await store.findByHash(hashSessionToken(token));
    if (!session) return undefined;
    if (session.revokedAtMs !== null || session.expiresAtMs <= nowMs || session.idleExpiresAtMs <= nowMs)
      return undefined;
    // Checked here too (disabling also revokes): a disabled user's session never works again.
    if (session.user.status !== 'ACTIVE') return undefined;
    if (nowMs - session.lastSeenAtMs >= TOUCH_GRANULARITY_MS) {
      const idleExpiresAtMs = Math.min(nowMs + config.idleTimeoutMs, session.expiresAtMs);
      await store.touch(session.id, nowMs, idleExpiresAtMs);
      session.lastSeenAtMs = nowMs;
      session.idleExpiresAtMs = idleExpiresAtMs;
    }
    return session;
  }

  /** Opens a session for a user who has just proved who they are (or, in tests, whom a test made). */
  async function open(
    user: SessionWithUser['user'] & { tenantId: string },
    environment: Environment,
    client: { address: string | null; userAgent: string | null },
    requestId: string,
  ): Promise<{ session: SessionWithUser; token: string }> {
    const nowMs = clock.nowMs();
    const token = generateSessionToken();
    const session: SessionWithUser = {
      id: newId(),
      tenantId: user.tenantId,
      userId: user.id,
      csrfTokenHash: hashSessionToken(csrfTokenOf(token)),
      environment,
      createdAtMs: nowMs,
      lastSeenAtMs: nowMs,
      expiresAtMs: nowMs + config.absoluteTimeoutMs,
      idleExpiresAtMs: Math.min(nowMs + config.idleTimeoutMs, nowMs + config.absoluteTimeoutMs),
      revokedAtMs: null,
      user: {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        status: user.status,
        passwordMustChange: user.passwordMustChange,
      },
    };
    await withTransaction(db, async (trx) => {
      await store.deleteEnded(trx, user.id, nowMs - ENDED_SESSION_RETENTION_MS);
      await store.insert(trx, {
        ...session,
        sessionHash: hashSessionToken(token),
        clientAddress: client.address,
        userAgent: client.userAgent?.slice(0, 512) ?? null,
      });
      await recordAudit(trx, contextOf(session, requestId), nowMs, {
        action: 'user.signed_in',
        resourceType: 'user',
        resourceId: user.id,
        changes: null,
      });
    });
    return { session, token };
  }

  return {
    resolve,
    open,

    view(session: SessionWithUser, token: string): SessionView {
      return { session, csrfToken: csrfTokenOf(token), scopes: scopesOfRole(session.user.role) };
    },

    /** True when the header carries this session's CSRF token (compared in constant time). */
    csrfMatches(token: string, header: string | undefined): boolean {
      return typeof header === 'string' && tokensEqual(header, csrfTokenOf(token));
    },

    /**
     * Signs a user in. Unknown email, wrong password, disabled user and unknown tenant all answer the
     * same 401 after the same work (a password check against a dummy hash when there is no user).
     */
    async login(input: LoginInput, requestId: string): Promise<LoginResult> {
      const email = normaliseEmail(input.email);
      const throttled = await throttle.attempt(input.tenantId, email, input.clientAddress, clock.nowMs());
      if (throttled) return { ok: false, throttled };
      const user = await users.findByEmail(input.tenantId, email);
      const matches = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
      if (!user || !matches || user.status !== 'ACTIVE')
        throw apiError('UNAUTHORIZED', 'invalid email or password');
      const opened = await open(
        user,
        input.environment,
        { address: input.clientAddress, userAgent: input.userAgent },
        requestId,
      );
      return { ok: true, ...opened };
    },

    async logout(session: SessionWithUser, requestId: string): Promise<void> {
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        await store.revoke(trx, session.id, nowMs);
        await recordAudit(trx, contextOf(session, requestId), nowMs, {
          action: 'user.signed_out',
          resourceType: 'user',
          resourceId: session.userId,
          changes: null,
        });
      });
    },

    /** The session's environment is chosen explicitly; switching it keeps the session and its CSRF token. */
    async switchEnvironment(session: SessionWithUser, environment: Environment): Promise<SessionWithUser> {
      if (session.environment !== environment) await store.setEnvironment(session.id, environment);
      return { ...session, environment };
    },

    /**
     * Replaces the user's password (required after a one-time password). Every other session of the
     * user ends; this one stays. A wrong current password counts as a failed sign-in attempt.
     */
    async changePassword(
      session: SessionWithUser,
      input: { currentPassword: string; newPassword: string; clientAddress: string },
      requestId: string,
    ): Promise<RateDecision | undefined> {
      const throttled = await throttle.attempt(
        session.tenantId,
        session.user.email,
        input.clientAddress,
        clock.nowMs(),
      );
      if (throttled) return throttled;
      const user = await users.findById(db, session.tenantId, session.userId);
      if (!user || !(await verifyPassword(input.currentPassword, user.passwordHash)))
        throw apiError('VALIDATION_ERROR', 'current_password is wrong');
      if (input.newPassword === input.currentPassword)
        throw apiError('VALIDATION_ERROR', 'new_password must differ from current_password');
      if (normaliseEmail(input.newPassword) === user.email)
        throw apiError('VALIDATION_ERROR', 'new_password must not be the email');
      const passwordHash = await hashPassword(input.newPassword);
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        await users.update(
          trx,
          session.tenantId,
          user.id,
          { passwordHash, passwordMustChange: false },
          nowMs,
        );
        await store.revokeAllOfUser(trx, session.tenantId, user.id, nowMs, session.id);
        await recordAudit(trx, contextOf(session, requestId), nowMs, {
          action: 'user.password_changed',
          resourceType: 'user',
          resourceId: user.id,
          changes: null,
        });
      });
      return undefined;
    },
  };
}
export type SessionsService = ReturnType<typeof createSessionsService>;
