import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { apiError } from '../../api/errors.js';
import { BOTH_CREDENTIALS } from '../../api/plugins/session-auth.js';
import { rateLimited } from '../../api/plugins/rate-headers.js';
import { errorResponses } from '../../api/schemas.js';
import {
  changesState,
  clearSessionCookies,
  CSRF_HEADER,
  sessionTokenOf,
  setSessionCookies,
} from '../../api/session-cookie.js';
import type { SessionConfig } from '../../config.js';
import type { Clock } from '../../lib/clock.js';
import { EnvironmentBody, LoginBody, PasswordBody, SessionResponse, toSessionJson } from './auth.schemas.js';
import type { SessionsService } from './sessions.service.js';

const sessionSecurity = [{ session: [] }];

/**
 * Browser sign-in under /auth (README "Users, sessions and roles"): login sets the session and CSRF
 * cookies; the other routes act on the session the cookie names.
 */
export const authRoutes: FastifyPluginAsyncTypebox<{
  service: SessionsService;
  config: SessionConfig;
  clock: Clock;
}> = (app, { service, config, clock }) => {
  const tags = ['auth'];

  /** The live session of this request, with the CSRF header checked for state-changing methods. */
  async function sessionOf(request: FastifyRequest, reply: FastifyReply) {
    const token = sessionTokenOf(request);
    if (token !== undefined && request.headers.authorization !== undefined)
      throw apiError('VALIDATION_ERROR', BOTH_CREDENTIALS);
    if (token === undefined) throw apiError('UNAUTHORIZED', 'missing session');
    const session = token === null ? undefined : await service.resolve(token, clock.nowMs());
    if (!session || token === null) {
      clearSessionCookies(reply, config);
      throw apiError('UNAUTHORIZED', 'invalid or expired session');
    }
    const csrf = request.headers[CSRF_HEADER];
    if (changesState(request.method) && !service.csrfMatches(token, Array.isArray(csrf) ? undefined : csrf))
      throw apiError('FORBIDDEN', 'missing or invalid CSRF token');
    return { session, token };
  }

  app.post(
    '/login',
    {
      schema: {
        tags,
        summary: 'Sign in; sets the vigil_session and vigil_csrf cookies',
        description:
          'Wrong email, wrong password, a disabled user and an unknown tenant all answer 401 "invalid email or ' +
          'password". Attempts are throttled per account and per client address (429 with Retry-After).',
        security: [],
        body: LoginBody,
        response: { 200: SessionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { body } = request;
      const result = await service.login(
        {
          tenantId: body.tenant_id.toLowerCase(),
          email: body.email,
          password: body.password,
          environment: body.environment,
          clientAddress: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        },
        request.id,
      );
      if (!result.ok) throw rateLimited(reply, result.throttled);
      const view = service.view(result.session, result.token);
      setSessionCookies(reply, config, result.token, view.csrfToken);
      return toSessionJson(view);
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        tags,
        summary: 'End the session (needs X-CSRF-Token); clears the cookies',
        security: sessionSecurity,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { session } = await sessionOf(request, reply);
      await service.logout(session, request.id);
      clearSessionCookies(reply, config);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags,
        summary: 'The signed-in user, the session and its CSRF token',
        security: sessionSecurity,
        response: { 200: SessionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { session, token } = await sessionOf(request, reply);
      return toSessionJson(service.view(session, token));
    },
  );

  app.post(
    '/environment',
    {
      schema: {
        tags,
        summary: 'Switch the session between production and sandbox (needs X-CSRF-Token)',
        security: sessionSecurity,
        body: EnvironmentBody,
        response: { 200: SessionResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { session, token } = await sessionOf(request, reply);
      const switched = await service.switchEnvironment(session, request.body.environment);
      return toSessionJson(service.view(switched, token));
    },
  );

  app.post(
    '/password',
    {
      schema: {
        tags,
        summary: "Change the signed-in user's password (needs X-CSRF-Token); ends their other sessions",
        security: sessionSecurity,
        body: PasswordBody,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { session } = await sessionOf(request, reply);
      const throttled = await service.changePassword(
        session,
        {
          currentPassword: request.body.current_password,
          newPassword: request.body.new_password,
          clientAddress: request.ip,
        },
        request.id,
      );
      if (throttled) throw rateLimited(reply, throttled);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
