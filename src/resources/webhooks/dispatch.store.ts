import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/create-db.js';
import { withTransaction } from '../../store/transaction.js';

/** A claimed attempt with what sending it needs. Crosses tenants: the dispatcher serves them all. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  environment: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  eventAtMs: number;
  attempt: number;
  payload: string;
  url: string;
  sealedSecret: string;
  enabled: boolean;
}

export interface AttemptResult {
  status: 'SUCCEEDED' | 'FAILED';
  responseStatus: number | null;
  error: string | null;
  attemptedAtMs: number;
  /** Set when another attempt follows: a new PENDING row due then. */
  retryAtMs: number | undefined;
}

export interface ClaimOptions {
  nowMs: number;
  leaseMs: number;
  limit: number;
  /** A token unique to this claim: only its holder may record the attempt's result. */
  token: string;
  tenantIds: readonly string[] | undefined;
  /** How many more attempts each endpoint may take now (absent: perEndpoint); 0 leaves it out. */
  room?: ReadonlyMap<string, number>;
  /** The most attempts one endpoint gets from one claim. */
  perEndpoint: number;
  /** Endpoints to leave alone (their circuit is open). */
  excludeEndpointIds?: readonly string[];
}

/**
 * Claims due attempts in one short transaction. On PostgreSQL, FOR UPDATE SKIP LOCKED keeps
 * concurrent dispatchers off each other's rows, and the lease (locked_until) keeps them off until
 * the attempt is recorded; a dispatcher that dies mid-attempt loses its claim when the lease ends,
 * and the attempt is sent again (at-least-once). SQLite has one writer, so the transaction suffices.
 */
export async function claimDueDeliveries(db: Db, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  const { nowMs, leaseMs, limit, token, tenantIds } = options;
  if (tenantIds?.length === 0 || limit <= 0) return [];
  const busy = [...(options.room ?? [])].filter(([, n]) => n <= 0).map(([id]) => id);
  const excluded = [...busy, ...(options.excludeEndpointIds ?? [])];
  const ids = await withTransaction(db.kysely, async (trx) => {
    let q = trx
      .selectFrom('webhook_deliveries')
      .select(['id', 'endpoint_id'])
      .where('status', '=', 'PENDING')
      .where('next_attempt_at', '<=', nowMs)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', nowMs)]));
    if (tenantIds !== undefined) q = q.where('tenant_id', 'in', tenantIds);
    if (excluded.length > 0) q = q.where('endpoint_id', 'not in', excluded);
    // More candidates than needed: one endpoint's backlog must not fill the whole claim.
    q = q.orderBy('next_attempt_at').limit(limit * 4);
    if (db.dialect === 'postgres') q = q.forUpdate().skipLocked();
    const taken = new Map<string, number>();
    const due: string[] = [];
    for (const row of await q.execute()) {
      const room = options.room?.get(row.endpoint_id) ?? options.perEndpoint;
      const count = taken.get(row.endpoint_id) ?? 0;
      if (count >= Math.min(room, options.perEndpoint)) continue;
      taken.set(row.endpoint_id, count + 1);
      due.push(row.id);
      if (due.length === limit) break;
    }
    if (due.length === 0) return [];
    await trx
      .updateTable('webhook_deliveries')
      .set({ locked_until: nowMs + leaseMs, claimed_by: token })
      .where('id', 'in', due)
      .execute();
    return due;
  });
  if (ids.length === 0) return [];
  const rows = await db.kysely
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_endpoints as w', 'w.id', 'd.endpoint_id')
    .select([
      'd.id',
      'd.tenant_id',
      'd.environment',
      'd.endpoint_id',
      'd.event_id',
      'd.event_type',
      'd.attempt',
      'e.created_at as event_at',
      'e.payload',
      'w.url',
      'w.secret',
      'w.enabled',
    ])
    .where('d.id', 'in', ids)
    .where('d.claimed_by', '=', token)
    .orderBy('d.next_attempt_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    tenantId: r.tenant_id,
    environment: r.environment,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    eventAtMs: r.event_at,
    attempt: r.attempt,
    payload: r.payload,
    url: r.url,
    sealedSecret: r.secret,
    enabled: r.enabled === 1,
  }));
}

/**
 * Records an attempt's outcome and, when another attempt follows, schedules it as a new PENDING row,
 * in one transaction. A claim that was lost (its lease ran out and another dispatcher took over)
 * records nothing, so an attempt is never scheduled twice.
 */
export async function recordAttempt(
  db: Db,
  delivery: ClaimedDelivery,
  token: string,
  result: AttemptResult,
): Promise<boolean> {
  return withTransaction(db.kysely, async (trx) => {
    const updated = await trx
      .updateTable('webhook_deliveries')
      .set({
        status: result.status,
        response_status: result.responseStatus,
        error: result.error,
        attempted_at: result.attemptedAtMs,
        next_attempt_at: result.retryAtMs ?? null,
        locked_until: null,
        claimed_by: null,
      })
      .where('id', '=', delivery.id)
      .where('status', '=', 'PENDING')
      .where('claimed_by', '=', token)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) return false;
    if (result.retryAtMs === undefined) return true;
    await trx
      .insertInto('webhook_deliveries')
      .values({
        id: newId(),
        tenant_id: delivery.tenantId,
        environment: delivery.environment,
        endpoint_id: delivery.endpointId,
        event_id: delivery.eventId,
        event_type: delivery.eventType,
        attempt: delivery.attempt + 1,
        status: 'PENDING',
        response_status: null,
        error: null,
        attempted_at: null,
        next_attempt_at: result.retryAtMs,
        locked_until: null,
        claimed_by: null,
        created_at: result.attemptedAtMs,
      })
      .execute();
    return true;
  });
}
