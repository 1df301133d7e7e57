import type { Clock } from '../../lib/clock.js';
import type { Db } from '../../store/create-db.js';
import { createWebhookDispatcher, type WebhookDispatcherDeps } from './webhooks.dispatcher.js';
import { webhooksRoutes } from './webhooks.routes.js';
import { createWebhooksService } from './webhooks.service.js';
import { createWebhooksStore } from './webhooks.store.js';

export { recordWebhookEvent, WEBHOOK_EVENT_TYPES, type WebhookEventType } from './webhooks.outbox.js';

/**
 * Wires the webhooks resource once: the service behind the routes, the routes plugin, and a factory
 * for dispatchers (one per process that sends deliveries, e.g. `vigil serve`). `secretKey`, when
 * set, encrypts signing secrets at rest; give the same key to both. `allowPrivateNetworks` lifts the
 * SSRF policy (network-policy.ts) for on-premises receivers and tests.
 */
export function createWebhooks(
  db: Db,
  clock: Clock,
  options: { secretKey?: string; allowPrivateNetworks?: boolean } = {},
) {
  const allowPrivateNetworks = options.allowPrivateNetworks ?? false;
  const service = createWebhooksService({
    db: db.kysely,
    store: createWebhooksStore(db.kysely),
    clock,
    secretKey: options.secretKey,
    allowPrivateNetworks,
  });
  return {
    service,
    routes: webhooksRoutes,
    createDispatcher: (extra: Omit<WebhookDispatcherDeps, 'db' | 'clock'> = {}) =>
      createWebhookDispatcher({ db, clock, secretKey: options.secretKey, allowPrivateNetworks, ...extra }),
  };
}
export type Webhooks = ReturnType<typeof createWebhooks>;
