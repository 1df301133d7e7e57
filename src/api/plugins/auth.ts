import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { Config } from '../../config.js';
import type { Environment } from '../../domain/values/enums.js';
import { hashApiKey, hashesEqual, parseApiKey } from '../../lib/api-key-token.js';
import type { Clock } from '../../lib/clock.js';
import { isUuid } from '../../lib/ids.js';
import type { ApiKeyCache } from '../../resources/api-keys/api-keys.cache.js';
import type { ApiKey } from '../../resources/api-keys/api-keys.store.js';
import type { SessionsService } from '../../resources/sessions/sessions.service.js';
import { apiError } from '../errors.js';
import { authenticateSession } from './session-auth.js';
import type { RateLimitStore } from '../rate-limit/rate-limit-store.js';
import { rateLimited, setRateHeaders } from './rate-headers.js';

export interface AuthDeps {
  config: Config;
  clock: Clock;
  /** Keys by hash, cached in this process (api-keys.cache.ts); revocations here forget at once. */
  apiKeys: Pick<ApiKeyCache, 'get' | 'load' | 'updateLastUsed'>;
  rateLimits: RateLimitStore;
  sessions: Pick<SessionsService, 'resolve' | 'csrfMatches'>;
}

// last_used_at is written at most once a minute per key, so reads stay reads.
const LAST_USED_GRANULARITY_MS = 60_000;
const BEARER = /^Bearer ([A-Za-z0-9_]{1,200})$/;

const ENVIRONMENT_REFUSALS: Record<Environment, string> = {
  production: 'sandbox keys cannot access production endpoints',
  sandbox: 'production keys cannot access sandbox endpoints',
};

/**
 * Authenticates a /v1 or /sandbox/v1 request in the order of api.md §2: tenant header, key, key's
 * tenant, environment, rate limit, scope. The first failure answers. Failed authentications are
 * themselves rate limited per client address. A request with a session cookie is a browser
 * session's instead (session-auth.ts); one with both a cookie and a key is refused.
 */
export function authenticate(deps: AuthDeps, environment: Environment): onRequestAsyncHookHandler {
  const { config, clock, apiKeys, rateLimits } = deps;

  async function findKey(authorization: string | undefined, nowMs: number): Promise<ApiKey | undefined> {
    const token = authorization?.match(BEARER)?.[1];
    if (token === undefined) return undefined;
    const keyHash = hashApiKey(token);
    // A cached hash was stored by a load of this very token, whose shape and checksum were checked.
    let apiKey = apiKeys.get(keyHash, nowMs);
    if (!apiKey) {
      if (parseApiKey(token) === undefined) return undefined;
      apiKey = await apiKeys.load(keyHash, nowMs);
      if (!apiKey || !hashesEqual(apiKey.keyHash, keyHash)) return undefined;
    }
    if (apiKey.revokedAtMs !== null || (apiKey.expiresAtMs !== null && apiKey.expiresAtMs <= nowMs))
      return undefined;
    return apiKey;
  }

  const withSession = authenticateSession(deps, environment);

  return async function authenticateRequest(request: FastifyRequest, reply: FastifyReply) {
    if (await withSession(request, reply)) return;
    const tenantId = request.headers['x-tenant-id'];
    if (typeof tenantId !== 'string' || tenantId === '')
      throw apiError('TENANT_NOT_FOUND', 'missing tenant ID');
    if (!isUuid(tenantId)) throw apiError('TENANT_NOT_FOUND', 'invalid tenant ID');

    const nowMs = clock.nowMs();
    const failureBucket = `auth-failure:${request.ip}`;
    const failures = await rateLimits.peek(failureBucket, config.authFailuresPerMinute, nowMs);
    if (!failures.allowed) throw rateLimited(reply, failures);

    const authorization = request.headers.authorization;
    const apiKey = await findKey(authorization, nowMs);
    if (!apiKey || apiKey.tenantId !== tenantId.toLowerCase()) {
      await rateLimits.take(failureBucket, config.authFailuresPerMinute, nowMs);
      if (authorization === undefined) throw apiError('UNAUTHORIZED', 'missing API key');
      if (!apiKey) throw apiError('UNAUTHORIZED', 'invalid API key');
      throw apiError('TENANT_NOT_FOUND', 'invalid tenant ID');
    }
    if (apiKey.environment !== environment) throw apiError('FORBIDDEN', ENVIRONMENT_REFUSALS[environment]);

    const limit = apiKey.rateLimitPerMinute ?? config.rateLimitPerMinute[environment];
    const rate = await rateLimits.take(`key:${apiKey.id}`, limit, nowMs);
    setRateHeaders(reply, rate);
    if (!rate.allowed) throw rateLimited(reply, rate);

    const scope = request.routeOptions.config.scope;
    if (scope !== undefined && !apiKey.scopes.includes(scope))
      throw apiError('FORBIDDEN', `API key lacks required scope: ${scope}`);

    if (apiKey.lastUsedAtMs === null || nowMs - apiKey.lastUsedAtMs >= LAST_USED_GRANULARITY_MS) {
      apiKeys.updateLastUsed(apiKey, nowMs).catch((err: unknown) => {
        request.log.warn({ err }, 'could not record last_used_at');
      });
    }
    request.caller = {
      tenantId: apiKey.tenantId,
      environment,
      actor: { apiKeyId: apiKey.id, userId: null, name: apiKey.name },
      requestId: request.id,
      scopes: apiKey.scopes,
      user: null,
    };
  };
}
