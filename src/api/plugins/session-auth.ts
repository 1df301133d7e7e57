import type { FastifyReply, FastifyRequest } from 'fastify';
import { scopesOfRole } from '../../domain/users/roles.js';
import type { Environment } from '../../domain/values/enums.js';
import { isUuid } from '../../lib/ids.js';
import { apiError } from '../errors.js';
import { changesState, clearSessionCookies, CSRF_HEADER, sessionTokenOf } from '../session-cookie.js';
import type { AuthDeps } from './auth.js';
import { rateLimited, setRateHeaders } from './rate-headers.js';

const ENVIRONMENT_REFUSALS: Record<Environment, string> = {
  production: 'session is for the sandbox environment',
  sandbox: 'session is for the production environment',
};

export const BOTH_CREDENTIALS = 'send either an API key or a session, not both';

/**
 * Authenticates a /v1 or /sandbox/v1 request made with the vigil_session cookie; answers false (and
 * does nothing) when there is no such cookie, so the API key path runs. Order: both credentials,
 * tenant header shape, failure rate limit, session, tenant, CSRF, environment, rate limit, password
 * change, scope. The first failure answers.
 */
export function authenticateSession(deps: AuthDeps, environment: Environment) {
  const { config, clock, rateLimits, sessions } = deps;

  return async function sessionRequest(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const token = sessionTokenOf(request);
    if (token === undefined) return false;
    // One credential per request: which of two identities acted must never be a guess.
    if (request.headers.authorization !== undefined) throw apiError('VALIDATION_ERROR', BOTH_CREDENTIALS);
    const tenantHeader = request.headers['x-tenant-id'];
    // X-Tenant-ID is optional with a session (the session names its tenant); if sent, it must match.
    if (tenantHeader !== undefined && (typeof tenantHeader !== 'string' || !isUuid(tenantHeader)))
      throw apiError('TENANT_NOT_FOUND', 'invalid tenant ID');

    const nowMs = clock.nowMs();
    const failureBucket = `auth-failure:${request.ip}`;
    const failures = await rateLimits.peek(failureBucket, config.authFailuresPerMinute, nowMs);
    if (!failures.allowed) throw rateLimited(reply, failures);

    const session = token === null ? undefined : await sessions.resolve(token, nowMs);
    if (!session || token === null) {
      await rateLimits.take(failureBucket, config.authFailuresPerMinute, nowMs);
      clearSessionCookies(reply, config.sessions);
      throw apiError('UNAUTHORIZED', 'invalid or expired session');
    }
    if (tenantHeader !== undefined && tenantHeader.toLowerCase() !== session.tenantId)
      throw apiError('TENANT_NOT_FOUND', 'invalid tenant ID');
    if (changesState(request.method) && !sessions.csrfMatches(token, firstHeader(request, CSRF_HEADER)))
      throw apiError('FORBIDDEN', 'missing or invalid CSRF token');
    if (session.environment !== environment) throw apiError('FORBIDDEN', ENVIRONMENT_REFUSALS[environment]);

    const rate = await rateLimits.take(
      `user:${session.userId}`,
      config.rateLimitPerMinute[environment],
      nowMs,
    );
    setRateHeaders(reply, rate);
    if (!rate.allowed) throw rateLimited(reply, rate);

    if (session.user.passwordMustChange)
      throw apiError('FORBIDDEN', 'password change required: POST /auth/password first');
    const scopes = scopesOfRole(session.user.role);
    const scope = request.routeOptions.config.scope;
    if (scope !== undefined && !scopes.includes(scope))
      throw apiError('FORBIDDEN', `user role lacks required scope: ${scope}`);

    request.caller = {
      tenantId: session.tenantId,
      environment,
      actor: { apiKeyId: null, userId: session.userId, name: session.user.email },
      requestId: request.id,
      scopes,
      user: { id: session.userId, email: session.user.email, role: session.user.role },
    };
    return true;
  };
}

function firstHeader(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? undefined : value;
}
