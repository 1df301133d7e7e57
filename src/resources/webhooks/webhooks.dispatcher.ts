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
  batchSize?: number;
  timeoutMs?: number;
  pollMs?: number;
}

const silent: WebhookLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
/**
 * Sends the outbox: each pass claims due attempts (a short transaction), POSTs each one outside any
 * transaction, and records the outcome; a failure schedules the next attempt with backoff until
 * 24 h after the event. Several dispatchers may run against one PostgreSQL database.
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

  /** One pass: claims up to batchSize due attempts and makes them; returns how many it made. */
  async function deliverDue(): Promise<number> {
    const token = randomUUID();
    const claimed = await claimDueDeliveries(db, {
      nowMs: clock.nowMs(),
      leaseMs,
      limit: batchSize,
      token,
      tenantIds: deps.tenantIds,
    });
    await Promise.all(claimed.map((delivery) => attempt(delivery, token)));
    return claimed.length;
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = deliverDue()
        .then((count) => {
          running = undefined;
          // A full batch means more may be due: go again at once.
          schedule(count === batchSize ? 0 : pollMs);
        })
        .catch((failure: unknown) => {
          running = undefined;
          logger.error({ err: failure }, 'webhook dispatch pass failed');
          schedule(pollMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    deliverDue,

    /** Polls every second; passes never overlap (the next is scheduled when one ends). */
    start(): void {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },

    /** Stops polling and waits for a pass in flight. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
