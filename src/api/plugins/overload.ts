import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { apiError, toErrorBody } from '../errors.js';

/** Operator routes answer even under load: probes and scrapes must see the overload, not cause it. */
const SAMPLE_INTERVAL_MS = 1000;
const ALWAYS_SERVED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Sheds load instead of queueing it without bound (@fastify/under-pressure): while the event loop's
 * mean delay, its utilisation, or the heap is over the configured limit (sampled every second),
 * requests are answered at once with 503 SERVICE_UNAVAILABLE and `Retry-After`, in the api.md §3
 * error shape. A limit of 0 is off.
 */
export const overloadPlugin = fp(
  async (app: FastifyInstance, { overload }: { overload: Config['overload'] }) => {
    const retryAfter = String(overload.retryAfterSeconds);
    // The loop is blocked while the app compiles its schemas at start (seconds on a busy machine),
    // which under-pressure's first samples would read as overload: judge load from two samples
    // after the app is ready.
    let judgedFromMs = Number.POSITIVE_INFINITY;
    app.addHook('onReady', (done) => {
      judgedFromMs = Date.now() + 2 * SAMPLE_INTERVAL_MS;
      done();
    });
    await app.register(underPressure, {
      maxEventLoopDelay: overload.maxEventLoopDelayMs,
      maxEventLoopUtilization: overload.maxEventLoopUtilization,
      maxHeapUsedBytes: overload.maxHeapUsedBytes,
      retryAfter: overload.retryAfterSeconds,
      sampleInterval: SAMPLE_INTERVAL_MS,
      pressureHandler: (request, reply) => {
        if (ALWAYS_SERVED.has(request.routeOptions.url ?? '') || Date.now() < judgedFromMs) return undefined;
        request.log.warn({ url: request.url }, 'overloaded: request refused with 503');
        reply.code(503).header('retry-after', retryAfter).type('application/json');
        // under-pressure sends what the handler returns (its types say void; its code sends a value).
        return toErrorBody(apiError('SERVICE_UNAVAILABLE'), request.id) as unknown as undefined;
      },
    });
  },
  { name: 'overload' },
);
