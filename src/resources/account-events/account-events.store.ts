import type SQLite from 'better-sqlite3';
import type { AccountEvent } from '../../domain/activity.js';
import type { Environment, EventType } from '../../domain/values/enums.js';
import type { Db } from '../../store/create-db.js';
import { afterTimePosition } from '../../store/time-cursor.js';
import { parseJson, type Executor } from '../../store/transaction.js';
import type { AccountEventRow } from './account-events.table.js';

export interface AccountEventFilters {
  fromMs?: number;
  toMs?: number;
  eventType?: EventType;
}

const COLUMNS = [
  'id',
  'tenant_id',
  'environment',
  'profile_id',
  'external_id',
  'occurred_at',
  'event_type',
  'party_id',
  'party_name',
  'device_id',
  'country',
  'details',
  'created_at',
] as const satisfies readonly (keyof AccountEventRow)[];

export function toAccountEvent(row: AccountEventRow): AccountEvent {
  return {
    id: row.id,
    profileId: row.profile_id,
    externalId: row.external_id,
    occurredAtMs: row.occurred_at,
    eventType: row.event_type as EventType,
    partyId: row.party_id,
    partyName: row.party_name,
    deviceId: row.device_id,
    country: row.country,
    details: parseJson<Record<string, unknown>>(row.details),
    createdAtMs: row.created_at,
  };
}

function sqliteInserter(sqlite: SQLite.Database) {
  const statement = sqlite.prepare<unknown[], { id: string }>(
    `INSERT INTO account_events (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (profile_id, external_id) DO NOTHING RETURNING id`,
  );
  return (rows: readonly AccountEventRow[]): Set<string> => {
    const inserted = new Set<string>();
    for (const row of rows) {
      const result = statement.get(...COLUMNS.map((column) => row[column]));
      if (result) inserted.add(result.id);
    }
    return inserted;
  };
}

export function createAccountEventsStore(db: Db) {
  const insertSqlite = db.sqlite ? sqliteInserter(db.sqlite) : undefined;
  const scoped = (executor: Executor, tenantId: string, environment: Environment, profileId: string) =>
    executor
      .selectFrom('account_events')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment)
      .where('profile_id', '=', profileId);

  return {
    /** Inserts events, skipping (profile, external_id) pairs that exist; returns the IDs inserted. */
    async insertMany(trx: Executor, rows: readonly AccountEventRow[]): Promise<Set<string>> {
      if (insertSqlite) return insertSqlite(rows);
      if (rows.length === 0) return new Set();
      const result = await trx
        .insertInto('account_events')
        .values([...rows])
        .onConflict((oc) => oc.columns(['profile_id', 'external_id']).doNothing())
        .returning('id')
        .execute();
      return new Set(result.map((r) => r.id));
    },

    async findIdsByExternalId(
      trx: Executor,
      profileId: string,
      externalIds: readonly string[],
    ): Promise<Map<string, string>> {
      const rows = await trx
        .selectFrom('account_events')
        .select(['id', 'external_id'])
        .where('profile_id', '=', profileId)
        .where('external_id', 'in', [...externalIds])
        .execute();
      return new Map(rows.map((r) => [r.external_id, r.id]));
    },

    async findById(
      tenantId: string,
      environment: Environment,
      profileId: string,
      id: string,
    ): Promise<(AccountEvent & { evaluation: unknown }) | undefined> {
      const row = await scoped(db.kysely, tenantId, environment, profileId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && { ...toAccountEvent(row), evaluation: parseJson<object>(row.evaluation) };
    },

    /** A profile's events with occurred_at in [fromMs, toMs), oldest first: the sequence rules' input. */
    async listHistory(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
      fromMs: number,
      toMs: number,
    ) {
      const rows = await scoped(executor, tenantId, environment, profileId)
        .where('occurred_at', '>=', fromMs)
        .where('occurred_at', '<', toMs)
        .orderBy('occurred_at')
        .orderBy('id')
        .execute();
      return rows.map(toAccountEvent);
    },

    async list(
      tenantId: string,
      environment: Environment,
      profileId: string,
      filters: AccountEventFilters,
      page: { afterId?: string; afterAtMs?: number; limit: number },
    ): Promise<AccountEvent[]> {
      let q = scoped(db.kysely, tenantId, environment, profileId);
      if (filters.fromMs !== undefined) q = q.where('occurred_at', '>=', filters.fromMs);
      if (filters.toMs !== undefined) q = q.where('occurred_at', '<', filters.toMs);
      if (filters.eventType !== undefined) q = q.where('event_type', '=', filters.eventType);
      const { afterId, afterAtMs } = page;
      if (afterId !== undefined && afterAtMs !== undefined)
        q = q.where(afterTimePosition({ afterAtMs, afterId }));
      const rows = await q.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toAccountEvent);
    },
  };
}
export type AccountEventsStore = ReturnType<typeof createAccountEventsStore>;
