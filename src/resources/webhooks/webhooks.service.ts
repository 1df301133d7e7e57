import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { generateWebhookSecret } from '../../lib/webhook-signature.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { diffChanges, recordAudit } from '../audit-events/audit-events.store.js';
import { allowedAddresses, bareHost, DestinationRefused } from './network-policy.js';
import { sealSecret } from './secret-box.js';
import type { WebhookEventType } from './webhooks.outbox.js';
import { URL_MESSAGE } from './webhooks.schemas.js';
import type { WebhookDelivery, WebhookEndpoint, WebhooksStore } from './webhooks.store.js';

export interface WebhookInput {
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
}

type Page = { afterId?: string; limit: number };

/** The schema admits only http(s)://...; this also refuses what URL cannot parse or has no host. */
function parsedUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw apiError('VALIDATION_ERROR', `url ${URL_MESSAGE}`);
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.hostname === '') {
    throw apiError('VALIDATION_ERROR', `url ${URL_MESSAGE}`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw apiError('VALIDATION_ERROR', 'url must not contain a user name or password');
  }
  return parsed;
}

export const PRIVATE_URL_MESSAGE =
  'url must not point at a loopback, private, link-local or reserved address';

/**
 * Refuses a URL whose host is, or resolves to, an address webhooks may not reach (network-policy.ts).
 * A host that does not resolve yet is accepted (its DNS may come later): the dispatcher checks the
 * resolved address again at every delivery anyway, since DNS answers change.
 */
async function checkedUrl(url: string, allowPrivateNetworks: boolean): Promise<string> {
  const parsed = parsedUrl(url);
  try {
    await allowedAddresses(bareHost(parsed), allowPrivateNetworks);
  } catch (error) {
    if (!(error instanceof DestinationRefused)) throw error;
    if (error.category === 'address not allowed') throw apiError('VALIDATION_ERROR', PRIVATE_URL_MESSAGE);
  }
  return url;
}

const auditView = (w: WebhookEndpoint) => ({
  url: w.url,
  events: w.events,
  description: w.description,
  enabled: w.enabled,
});

export function createWebhooksService(deps: {
  db: Kysely<Database>;
  store: WebhooksStore;
  clock: Clock;
  /** Encrypts signing secrets at rest when set (secret-box.ts). */
  secretKey?: string;
  /** WEBHOOK_ALLOW_PRIVATE_NETWORKS (network-policy.ts). */
  allowPrivateNetworks?: boolean;
}) {
  const { db, store, clock, secretKey } = deps;
  const allowPrivate = deps.allowPrivateNetworks ?? false;

  async function get(ctx: TenantContext, id: string): Promise<WebhookEndpoint> {
    const webhook = await store.findById(ctx.tenantId, ctx.environment, id);
    if (!webhook) throw apiError('NOT_FOUND', 'webhook not found');
    return webhook;
  }

  return {
    get,

    list: (ctx: TenantContext, page: Page): Promise<WebhookEndpoint[]> =>
      store.list(ctx.tenantId, ctx.environment, page),

    /** Creates the endpoint with a new signing secret, returned once and never again. */
    async create(
      ctx: TenantContext,
      input: WebhookInput,
    ): Promise<{ webhook: WebhookEndpoint; secret: string }> {
      const nowMs = clock.nowMs();
      const webhook: WebhookEndpoint = {
        id: newId(),
        url: await checkedUrl(input.url, allowPrivate),
        events: [...new Set(input.events)],
        description: input.description,
        enabled: input.enabled,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      };
      const secret = generateWebhookSecret();
      await withTransaction(db, async (trx) => {
        const sealed = sealSecret(secret, webhook.id, secretKey);
        await store.insert(trx, ctx.tenantId, ctx.environment, webhook, sealed);
        await recordAudit(trx, ctx, nowMs, {
          action: 'webhook.created',
          resourceType: 'webhook',
          resourceId: webhook.id,
          changes: diffChanges({}, auditView(webhook)),
        });
      });
      return { webhook, secret };
    },

    /** Applies a change; a change that changes nothing writes nothing. Pending deliveries keep going. */
    async update(ctx: TenantContext, id: string, patch: Partial<WebhookInput>): Promise<WebhookEndpoint> {
      const current = await get(ctx, id);
      const next: WebhookEndpoint = {
        ...current,
        url: patch.url === undefined ? current.url : await checkedUrl(patch.url, allowPrivate),
        events: patch.events === undefined ? current.events : [...new Set(patch.events)],
        description: patch.description === undefined ? current.description : patch.description,
        enabled: patch.enabled ?? current.enabled,
      };
      const changes = diffChanges(auditView(current), auditView(next));
      if (!changes) return current;
      const nowMs = clock.nowMs();
      const updated = { ...next, updatedAtMs: nowMs };
      await withTransaction(db, async (trx) => {
        await store.update(trx, ctx.tenantId, ctx.environment, updated);
        await recordAudit(trx, ctx, nowMs, {
          action: 'webhook.updated',
          resourceType: 'webhook',
          resourceId: id,
          changes,
        });
      });
      return updated;
    },

    /** Deletes the endpoint and its deliveries, pending ones included: nothing more is sent to it. */
    async remove(ctx: TenantContext, id: string): Promise<void> {
      await get(ctx, id);
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        await store.delete(trx, ctx.tenantId, ctx.environment, id);
        await recordAudit(trx, ctx, nowMs, {
          action: 'webhook.deleted',
          resourceType: 'webhook',
          resourceId: id,
          changes: null,
        });
      });
    },

    async deliveries(ctx: TenantContext, id: string, page: Page): Promise<WebhookDelivery[]> {
      await get(ctx, id);
      return store.listDeliveries(ctx.tenantId, ctx.environment, id, page);
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
