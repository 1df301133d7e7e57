import type { Kysely } from 'kysely';
import type { Actor, TenantContext } from '../../api/context.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { parseJson, type Executor } from '../../store/transaction.js';
import type { AuditEventRow } from './audit-events.table.js';

export type Changes = Record<string, [unknown, unknown]>;

export interface AuditEvent {
  id: string;
  atMs: number;
  actor: Actor;
  action: string;
  resourceType: string;
  resourceId: string;
  changes: Changes | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  resourceType: string;
  resourceId: string;
  changes: Changes | null;
}

export interface AuditQuery {
  resourceType?: string;
  resourceId?: string;
  actor?: string;
  action?: string;
  fromMs?: number;
  toMs?: number;
  afterId?: string;
  limit: number;
}

function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    atMs: row.at,
    actor: { apiKeyId: row.actor_api_key_id, userId: row.actor_user_id, name: row.actor_name },
    action: row.action,
    resourceType: row.resource_type,
    resourceId: row.resource_id,
    changes: parseJson<Changes>(row.changes),
    requestId: row.request_id,
  };
}

/** Writes one audit event; call it with the transaction that makes the change it records (api.md §4). */
export async function recordAudit(
  trx: Executor,
  ctx: TenantContext,
  atMs: number,
  entry: AuditEntry,
): Promise<void> {
  await trx
    .insertInto('audit_events')
    .values({
      id: newId(),
      tenant_id: ctx.tenantId,
      environment: ctx.environment,
      at: atMs,
      actor_api_key_id: ctx.actor.apiKeyId,
      actor_user_id: ctx.actor.userId,
      actor_name: ctx.actor.name,
      action: entry.action,
      resource_type: entry.resourceType,
      resource_id: entry.resourceId,
      changes: entry.changes ? JSON.stringify(entry.changes) : null,
      request_id: ctx.requestId,
    })
    .execute();
}

/** The fields whose values differ, as {field: [before, after]}; null when nothing changed. */
export function diffChanges(before: Record<string, unknown>, after: Record<string, unknown>): Changes | null {
  const changes: Changes = {};
  for (const field of Object.keys(after)) {
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field]))
      changes[field] = [before[field] ?? null, after[field] ?? null];
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

export function createAuditEventsStore(db: Kysely<Database>) {
  return {
    async list(tenantId: string, environment: string, query: AuditQuery): Promise<AuditEvent[]> {
      let q = db
        .selectFrom('audit_events')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment);
      if (query.resourceType !== undefined) q = q.where('resource_type', '=', query.resourceType);
      if (query.resourceId !== undefined) q = q.where('resource_id', '=', query.resourceId);
      if (query.actor !== undefined) {
        const actor = query.actor;
        // The ID of an API key or of a user: the two never collide (both are UUIDv7s we minted).
        q = q.where((eb) => eb.or([eb('actor_api_key_id', '=', actor), eb('actor_user_id', '=', actor)]));
      }
      if (query.action !== undefined) q = q.where('action', '=', query.action);
      if (query.fromMs !== undefined) q = q.where('at', '>=', query.fromMs);
      if (query.toMs !== undefined) q = q.where('at', '<', query.toMs);
      if (query.afterId !== undefined) q = q.where('id', '<', query.afterId);
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toAuditEvent);
    },
  };
}
export type AuditEventsStore = ReturnType<typeof createAuditEventsStore>;
