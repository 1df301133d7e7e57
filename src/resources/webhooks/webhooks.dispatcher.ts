import { randomUUID } from 'node:crypto';
import type { Clock } from '../../lib/clock.js';
import { signWebhook } from '../../lib/webhook-signature.js';
import type { Db } from '../../store/create-db.js';
import {
  claimDueDeliveries,
  recordAttempt,
  type AttemptResult,
  type ClaimedDelivery,
} from './dispatch.store.js';
import { createCircuitBreaker } from './circuit-breaker.js';
import { nextAttemptAt } from './retry-schedule.js';
import { openSecret } from './secret-box.js';
import { createWebhookTransport, describeFailure, type WebhookTransport } from './webhook-transport.js';

/** What the dispatcher logs through; Fastify's and pino's loggers fit. */
export interface WebhookLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export interface WebhookDispatcherDeps {
  db: Db;
  clock: Clock;
  /** How attempts are sent (default: node:http(s) behind the network policy); tests replace it. */
  transport?: WebhookTransport;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS: lets deliveries reach loopback and private addresses. */
  allowPrivateNetworks?: boolean;
  logger?: WebhookLogger;
  /** 0..1, for the retry jitter; tests pin it. */
  random?: () => number;
  /** The key signing secrets were sealed with, if any (secret-box.ts). */
  secretKey?: string;
  /** Deliver only these tenants' events (default: every tenant's). */
  tenantIds?: readonly string[];
  /** The most attempts in flight at once (default 50). */
  batchSize?: number;
  /** The most attempts in flight to one endpoint (default 2): a slow endpoint holds only these. */
  perEndpoint?: number;
  /** One attempt, connect to response headers (default 10 s). */
  timeoutMs?: number;
  pollMs?: number;
  /** Failed attempts in a row that open an endpoint's circuit (default 5), and for how long (60 s). */
  breakerThreshold?: number;
  breakerCooldownMs?: number;
}

const silent: WebhookLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/**
 * Sends the outbox: each pass claims due attempts (a short transaction), POSTs each one outside any
 * transaction, and records the outcome; a failure schedules the next attempt with backoff until
 * 24 h after the event. Several dispatchers may run against one PostgreSQL database. Tenants are
 * kept from stalling each other: at most perEndpoint attempts per endpoint in flight, each bounded
 * by timeoutMs, and a circuit breaker that rests an endpoint failing again and again.
 */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps) {
  const { db, clock } = deps;
  const send =
    deps.transport ?? createWebhookTransport({ allowPrivateNetworks: deps.allowPrivateNetworks ?? false });
  const logger = deps.logger ?? silent;
  const random = deps.random ?? Math.random;
  const batchSize = deps.batchSize ?? 50;
  const timeoutMs = deps.timeoutMs ?? 10_000;
  const pollMs = deps.pollMs ?? 1000;
  const perEndpoint = deps.perEndpoint ?? 2;
  const breaker = createCircuitBreaker({
    threshold: deps.breakerThreshold ?? 5,
    cooldownMs: deps.breakerCooldownMs ?? 60_000,
  });
  // Attempts in flight, by endpoint: the next claim leaves out endpoints already at their limit.
  const inFlight = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  // Longer than any attempt can take, so a live claim never expires under its holder.
  const leaseMs = timeoutMs + 50_000;

  async function post(delivery: ClaimedDelivery, startedAtMs: number) {
    const secret = openSecret(delivery.sealedSecret, delivery.endpointId, deps.secretKey);
    const timestamp = Math.floor(startedAtMs / 1000);
    return send({
      url: delivery.url,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Vigil-Webhooks/1',
        'webhook-id': delivery.eventId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(secret, delivery.eventId, timestamp, delivery.payload),
      },
      body: delivery.payload,
      timeoutMs,
    });
  }

  async function attempt(delivery: ClaimedDelivery, token: string): Promise<void> {
    const attemptedAtMs = clock.nowMs();
    let responseStatus: number | null = null;
    let error: string | null = null;
    if (!delivery.enabled) error = 'endpoint disabled';
    else {
      try {
        responseStatus = await post(delivery, attemptedAtMs);
        if (responseStatus < 200 || responseStatus > 299) error = `endpoint answered HTTP ${responseStatus}`;
      } catch (failure) {
        error = describeFailure(failure, timeoutMs);
      }
    }
    const succeeded = error === null;
    if (delivery.enabled) breaker.record(delivery.endpointId, succeeded, clock.nowMs());
    const retryAtMs =
      succeeded || !delivery.enabled
        ? undefined
        : nextAttemptAt(delivery.attempt, clock.nowMs(), delivery.eventAtMs, random);
    const result: AttemptResult = {
      status: succeeded ? 'SUCCEEDED' : 'FAILED',
      responseStatus,
      error,
      attemptedAtMs,
      retryAtMs,
    };
    const recorded = await recordAttempt(db, delivery, token, result);
    const fields = {
      delivery_id: delivery.id,
      event_id: delivery.eventId,
      event_type: delivery.eventType,
      webhook_id: delivery.endpointId,
      tenant_id: delivery.tenantId,
      attempt: delivery.attempt,
      response_status: responseStatus,
      error,
      next_attempt_at: retryAtMs === undefined ? null : new Date(retryAtMs).toISOString(),
    };
    if (!recorded) logger.warn(fields, 'webhook attempt claim was lost; its result is not recorded');
    else if (succeeded) logger.info(fields, 'webhook delivered');
    else if (retryAtMs !== undefined) logger.info(fields, 'webhook attempt failed; retry scheduled');
    else logger.warn(fields, 'webhook delivery failed; giving up');
  }

  /**
   * Claims what there is room for (batchSize in flight, perEndpoint per endpoint, none to an endpoint
   * whose circuit is open) and starts those attempts; returns them, running.
   */
  async function claimAndStart(): Promise<Promise<void>[]> {
    const nowMs = clock.nowMs();
    const token = randomUUID();
    const room = new Map([...inFlight].map(([id, n]) => [id, perEndpoint - n]));
    for (const id of breaker.probingEndpoints(nowMs)) room.set(id, 1 - (inFlight.get(id) ?? 0));
    const claimed = await claimDueDeliveries(db, {
      nowMs,
      leaseMs,
      limit: batchSize - pending.size,
      token,
      tenantIds: deps.tenantIds,
      perEndpoint,
      room,
      excludeEndpointIds: breaker.openEndpoints(nowMs),
    });
    return claimed.map((delivery) => {
      const id = delivery.endpointId;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      const running: Promise<void> = attempt(delivery, token)
        .catch((failure: unknown) => {
          logger.error({ err: failure, delivery_id: delivery.id }, 'webhook attempt could not be recorded');
        })
        .finally(() => {
          const left = (inFlight.get(id) ?? 1) - 1;
          if (left > 0) inFlight.set(id, left);
          else inFlight.delete(id);
          pending.delete(running);
          // Room was made: claim again soon rather than at the next poll.
          if (!stopped && !ticking) schedule(0);
        });
      pending.add(running);
      return running;
    });
  }

  /** One pass: claims due attempts there is room for, makes them and waits for them; returns how many. */
  async function deliverDue(): Promise<number> {
    const started = await claimAndStart();
    await Promise.all(started);
    return started.length;
  }

  let timer: NodeJS.Timeout | undefined;
  let ticking: Promise<void> | undefined;
  let stopped = true;

  // The polling loop does not wait for the attempts it starts: a slow endpoint occupies its own
  // perEndpoint slots until its timeout, while every other endpoint's deliveries keep going.
  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      ticking = claimAndStart()
        .then((started) => {
          ticking = undefined;
          schedule(started.length > 0 && pending.size < batchSize ? 0 : pollMs);
        })
        .catch((failure: unknown) => {
          ticking = undefined;
          logger.error({ err: failure }, 'webhook dispatch pass failed');
          schedule(pollMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    deliverDue,

    /** Polls every second, and at once when an attempt ends; claims never overlap. */
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },

    /** Stops polling and waits for the claim and the attempts in flight. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await ticking;
      await Promise.all([...pending]);
    },
  };
}
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
