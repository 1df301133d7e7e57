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
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(
      `${request.method} ${request.routeOptions.url ?? ''} ${JSON.stringify(request.params)} ${JSON.stringify(request.body ?? null)}`,
    )
    .digest('hex');
}

/**
 * Idempotency-Key on POST (api.md §4, Stripe semantics). Runs after validation, so a request that
 * fails validation claims nothing; responses under 500 are stored and replayed for 24 h. The hooks
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
    const scope = { tenantId: caller.tenantId, environment: caller.environment, key };
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
    else await store.complete(scope, reply.statusCode, typeof payload === 'string' ? payload : '');
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
