import { createHash } from 'node:crypto';
import type {
  FastifyInstance,
  FastifyRequest,
  onSendAsyncHookHandler,
  preHandlerAsyncHookHandler,
} from 'fastify';
import type { Clock } from '../../lib/clock.js';
import { callerOf } from '../context.js';
import { apiError } from '../errors.js';
import type { IdempotencyScope, IdempotencyStore } from './idempotency.store.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyScope: IdempotencyScope | undefined;
  }
  interface FastifyContextConfig {
    /**
     * Top-level response fields holding a secret shown once (a minted API key, a webhook signing
     * secret): they are stored as null, so a replay answers the same status and body without them.
     */
    secretFields?: readonly string[];
  }
}

// The query counts as part of the request: `?scoring=false` and the scored ingest are different
// requests. The validated query (coerced, defaults filled) is used, so spelling does not matter.
function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        request.method,
        request.routeOptions.url ?? '',
        request.params ?? null,
        request.query ?? null,
        request.body ?? null,
      ]),
    )
    .digest('hex');
}

/** The body to keep for replays: every secret field of the route set to null. */
export function withoutSecrets(payload: string, secretFields: readonly string[] | undefined): string {
  if (!secretFields?.length || payload === '') return payload;
  const body = JSON.parse(payload) as unknown;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return payload;
  const record = body as Record<string, unknown>;
  for (const field of secretFields) if (field in record) record[field] = null;
  return JSON.stringify(record);
}

/**
 * Idempotency-Key on POST (api.md §4, Stripe semantics). Runs after validation, so a request that
 * fails validation claims nothing; responses under 500 are stored and replayed for 24 h, only to
 * the API key or user that sent the request, with secret fields null (docs/security.md). The hooks
 * are attached to POST routes only, so reads pay for no extra hook.
 */
export function registerIdempotency(
  app: FastifyInstance,
  deps: { store: IdempotencyStore; clock: Clock },
): void {
  const { store, clock } = deps;

  const claimKey: preHandlerAsyncHookHandler = async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (request.method !== 'POST' || key === undefined) return;
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw apiError('VALIDATION_ERROR', 'Idempotency-Key must be 1 to 255 printable characters');
    }
    const caller = callerOf(request);
    const callerId = caller.actor.apiKeyId ?? caller.actor.userId;
    if (callerId === null) throw new Error('authenticated request without an API key or a user');
    const scope = { tenantId: caller.tenantId, environment: caller.environment, callerId, key };
    const claim = await store.claim(scope, requestHash(request), clock.nowMs());
    switch (claim.kind) {
      case 'claimed':
        request.idempotencyScope = scope;
        return;
      case 'replay':
        return reply
          .code(claim.status)
          .header('idempotent-replayed', 'true')
          .type('application/json')
          .send(claim.body);
      case 'mismatch':
        throw apiError('IDEMPOTENCY_KEY_REUSED');
      case 'in_progress':
        throw apiError('IDEMPOTENCY_KEY_IN_USE');
      default: {
        const unreachable: never = claim;
        throw new Error(`unknown claim ${String(unreachable)}`);
      }
    }
  };

  const storeResponse: onSendAsyncHookHandler = async (request, reply, payload) => {
    const scope = request.idempotencyScope;
    if (!scope) return payload;
    request.idempotencyScope = undefined;
    if (reply.statusCode >= 500) await store.release(scope);
    else {
      const body = typeof payload === 'string' ? payload : '';
      await store.complete(
        scope,
        reply.statusCode,
        withoutSecrets(body, request.routeOptions.config.secretFields),
      );
    }
    return payload;
  };

  // First in each list, where hooks added with addHook on this instance would run.
  app.addHook('onRoute', (route) => {
    if (!(Array.isArray(route.method) ? route.method : [route.method]).includes('POST')) return;
    route.preHandler = [claimKey, ...toArray(route.preHandler)];
    route.onSend = [storeResponse, ...toArray(route.onSend)];
  });
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
