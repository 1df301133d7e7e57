import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { apiError, toErrorBody } from '../errors.js';

const SAMPLE_INTERVAL_MS = 1000;
/** Samples in a row over a limit before requests are refused. */
const SUSTAINED_SAMPLES = 2;
/** Operator routes answer even under load: probes and scrapes must see the overload, not cause it. */
const ALWAYS_SERVED = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Sheds load instead of queueing it without bound (@fastify/under-pressure): while the event loop's
 * mean delay, its utilisation, or the heap stays over its limit, requests are answered at once with
 * 503 SERVICE_UNAVAILABLE and `Retry-After`, in the api.md §3 error shape. A limit of 0 is off.
 *
 * Only sustained pressure with requests piling up counts: two samples in a row over a limit, a
 * second apart, while at least `minInFlight` requests wait. A busy loop alone is work, not overload:
 * B1's one client sending 1000-transaction requests back to back holds the loop past whole samples
 * (which under-pressure reads as an infinite delay) and was refused with 503 without the count.
 */
export const overloadPlugin = fp(
  async (app: FastifyInstance, { overload }: { overload: Config['overload'] }) => {
    const retryAfter = String(overload.retryAfterSeconds);
    // Requests between arrival and answer: the queue that shedding keeps bounded.
    let inFlight = 0;
    app.addHook('onRequest', (_request, _reply, done) => {
      inFlight += 1;
      done();
    });
    const settled = (_request: unknown, _reply: unknown, done: () => void) => {
      inFlight = Math.max(0, inFlight - 1);
      done();
    };
    app.addHook('onResponse', settled);
    app.addHook('onRequestAbort', (request, done) => {
      settled(request, undefined, done);
    });
    await app.register(underPressure, {
      maxEventLoopDelay: overload.maxEventLoopDelayMs,
      maxEventLoopUtilization: overload.maxEventLoopUtilization,
      maxHeapUsedBytes: overload.maxHeapUsedBytes,
      retryAfter: overload.retryAfterSeconds,
      sampleInterval: SAMPLE_INTERVAL_MS,
      pressureHandler: (request, reply) => {
        if (
          overSamples < SUSTAINED_SAMPLES ||
          inFlight < overload.minInFlight ||
          ALWAYS_SERVED.has(request.routeOptions.url ?? '')
        )
          return undefined;
        request.log.warn({ url: request.url }, 'overloaded: request refused with 503');
        reply.code(503).header('retry-after', retryAfter).type('application/json');
        // under-pressure sends what the handler returns (its types say void; its code sends a value).
        return toErrorBody(apiError('SERVICE_UNAVAILABLE'), request.id) as unknown as undefined;
      },
    });

    const isOver = () => {
      const now = app.memoryUsage();
      return (
        (overload.maxEventLoopDelayMs > 0 && now.eventLoopDelay > overload.maxEventLoopDelayMs) ||
        (overload.maxHeapUsedBytes > 0 && now.heapUsed > overload.maxHeapUsedBytes) ||
        (overload.maxEventLoopUtilization > 0 && now.eventLoopUtilized > overload.maxEventLoopUtilization)
      );
    };
    // Counted from when the app is ready: the loop is blocked while it compiles its schemas at start.
    let overSamples = 0;
    let timer: NodeJS.Timeout | undefined;
    app.addHook('onReady', (done) => {
      timer = setInterval(() => {
        overSamples = isOver() ? overSamples + 1 : 0;
      }, SAMPLE_INTERVAL_MS);
      timer.unref();
      done();
    });
    app.addHook('onClose', (_instance, done) => {
      clearInterval(timer);
      done();
    });
  },
  { name: 'overload' },
);
