import type { Kysely } from 'kysely';
import type { Environment } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import { deleteOrphanEvents } from './outbox.prune.js';
import type { DeliveryStatus, WebhookEventType } from './webhooks.outbox.js';
import type { WebhookDeliveryRow, WebhookEndpointRow } from './webhooks.table.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  enabled: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: WebhookEventType;
  attempt: number;
  status: DeliveryStatus;
  responseStatus: number | null;
  error: string | null;
  attemptedAtMs: number | null;
  nextAttemptAtMs: number | null;
}

type Page = { afterId?: string; limit: number };

function toEndpoint(row: Omit<WebhookEndpointRow, 'secret'>): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    events: JSON.parse(row.events) as WebhookEventType[],
    description: row.description,
    enabled: row.enabled === 1,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
  };
}

function toDelivery(row: WebhookDeliveryRow): WebhookDelivery {
  return {
    id: row.id,
    eventId: row.event_id,
    eventType: row.event_type as WebhookEventType,
    attempt: row.attempt,
    status: row.status as DeliveryStatus,
    responseStatus: row.response_status,
    error: row.error,
    attemptedAtMs: row.attempted_at,
    nextAttemptAtMs: row.next_attempt_at,
  };
}

const endpointColumns = (e: WebhookEndpoint) => ({
  url: e.url,
  events: JSON.stringify(e.events),
  description: e.description,
  enabled: e.enabled ? 1 : 0,
  updated_at: e.updatedAtMs,
});

// The secret is written once, at creation, and never read back here: only the dispatcher opens it.
const PUBLIC_COLUMNS = [
  'id',
  'tenant_id',
  'environment',
  'url',
  'events',
  'description',
  'enabled',
  'created_at',
  'updated_at',
] as const;

export function createWebhooksStore(db: Kysely<Database>) {
  return {
    async insert(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      endpoint: WebhookEndpoint,
      sealedSecret: string,
    ): Promise<void> {
      await trx
        .insertInto('webhook_endpoints')
        .values({
          id: endpoint.id,
          tenant_id: tenantId,
          environment,
          secret: sealedSecret,
          created_at: endpoint.createdAtMs,
          ...endpointColumns(endpoint),
        })
        .execute();
    },

    async findById(
      tenantId: string,
      environment: Environment,
      id: string,
    ): Promise<WebhookEndpoint | undefined> {
      const row = await db
        .selectFrom('webhook_endpoints')
        .select(PUBLIC_COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toEndpoint(row);
    },

    async list(tenantId: string, environment: Environment, page: Page): Promise<WebhookEndpoint[]> {
      let q = db
        .selectFrom('webhook_endpoints')
        .select(PUBLIC_COLUMNS)
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toEndpoint);
    },

    async update(trx: Executor, tenantId: string, environment: Environment, e: WebhookEndpoint) {
      await trx
        .updateTable('webhook_endpoints')
        .set(endpointColumns(e))
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', e.id)
        .execute();
    },

    /**
     * Deletes the endpoint; its deliveries go with it (ON DELETE CASCADE), pending ones included, and
     * so do the events no other endpoint still has to receive: nothing outlives its endpoint.
     */
    async delete(trx: Executor, tenantId: string, environment: Environment, id: string) {
      const events = await trx
        .selectFrom('webhook_deliveries')
        .select('event_id')
        .distinct()
        .where('endpoint_id', '=', id)
        .execute();
      await trx
        .deleteFrom('webhook_endpoints')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
      await deleteOrphanEvents(
        trx,
        events.map((e) => e.event_id),
      );
    },

    /** The attempts log of one endpoint, newest first (IDs are time-ordered). */
    async listDeliveries(
      tenantId: string,
      environment: Environment,
      endpointId: string,
      page: Page,
    ): Promise<WebhookDelivery[]> {
      let q = db
        .selectFrom('webhook_deliveries')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('endpoint_id', '=', endpointId);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toDelivery);
    },
  };
}
export type WebhooksStore = ReturnType<typeof createWebhooksStore>;
