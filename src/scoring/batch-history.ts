import type SQLite from 'better-sqlite3';
import type { TenantContext } from '../api/context.js';
import type { AccountEvent, Transaction } from '../domain/activity.js';
import type { History } from '../domain/detection/types.js';
import type { Db } from '../store/create-db.js';
import type { Executor } from '../store/transaction.js';
import { loadHistory, type ProfileScoringDeps } from './profile.js';

// A batch run reads every profile's whole look-back (400 days before the window), several rows for
// each one it scores, and on SQLite that read was the largest part of a run after the engine: Kysely
// built and compiled two queries per profile, better-sqlite3 made an object per row and the store
// mapped it into a second one. Here one prepared statement per table returns rows as arrays, mapped
// straight into the domain's shape (the same fields, in the same order, as the stores' toItem).

/** A profile's transactions and events in [fromMs, toMs), oldest first, in the caller's transaction. */
export type BatchHistoryReader = (
  trx: Executor,
  ctx: TenantContext,
  profileId: string,
  range: { fromMs: number; toMs: number },
) => Promise<History>;

const WHERE = `WHERE tenant_id = ? AND environment = ? AND profile_id = ? AND occurred_at >= ? AND occurred_at < ?
  ORDER BY occurred_at, id`;

type Value = string | number | null;

const parseObject = (text: Value): Record<string, unknown> | null =>
  text === null ? null : (JSON.parse(text as string) as Record<string, unknown>);

const TRANSACTION_SQL = `SELECT id, profile_id, external_id, occurred_at, amount_minor, direction, channel,
  counterparty_id, counterparty_name, counterparty_type, counterparty_relationship, counterparty_country,
  merchant_category_code, description, country, device_id, initiated_by, balance_after_minor, metadata,
  created_at FROM transactions ${WHERE}`;

function transactionOf(v: Value[]): Transaction {
  return {
    id: v[0],
    profileId: v[1],
    externalId: v[2],
    occurredAtMs: v[3],
    amountMinor: v[4],
    direction: v[5],
    channel: v[6],
    counterpartyId: v[7],
    counterpartyName: v[8],
    counterpartyType: v[9],
    counterpartyRelationship: v[10],
    counterpartyCountry: v[11],
    merchantCategoryCode: v[12],
    description: v[13],
    country: v[14],
    deviceId: v[15],
    initiatedBy: v[16],
    balanceAfterMinor: v[17],
    metadata: parseObject(v[18] as Value),
    createdAtMs: v[19],
  } as Transaction;
}

const EVENT_SQL = `SELECT id, profile_id, external_id, occurred_at, event_type, party_id, party_name,
  device_id, country, details, created_at FROM account_events ${WHERE}`;

function eventOf(v: Value[]): AccountEvent {
  return {
    id: v[0],
    profileId: v[1],
    externalId: v[2],
    occurredAtMs: v[3],
    eventType: v[4],
    partyId: v[5],
    partyName: v[6],
    deviceId: v[7],
    country: v[8],
    details: parseObject(v[9] as Value),
    createdAtMs: v[10],
  } as AccountEvent;
}

function sqliteReader(sqlite: SQLite.Database): BatchHistoryReader {
  let statements: { transactions: SQLite.Statement; events: SQLite.Statement } | undefined;
  // `trx` is not used: better-sqlite3 is synchronous and the process has one connection, so while
  // the caller's transaction holds it these reads run inside that transaction (as the evaluation
  // writer's statements do). Prepared on first use: the tables exist once the migrations have run.
  return (_trx, ctx, profileId, range) => {
    statements ??= {
      transactions: sqlite.prepare(TRANSACTION_SQL).raw(true),
      events: sqlite.prepare(EVENT_SQL).raw(true),
    };
    const args = [ctx.tenantId, ctx.environment, profileId, range.fromMs, range.toMs];
    const transactions = (statements.transactions.all(...args) as Value[][]).map(transactionOf);
    const events = (statements.events.all(...args) as Value[][]).map(eventOf);
    return Promise.resolve({ transactions, events });
  };
}

/** The history reader for batch scoring: raw rows on SQLite, the stores' reads on PostgreSQL. */
export function createBatchHistoryReader(
  db: Pick<Db, 'sqlite'>,
  deps: Pick<ProfileScoringDeps, 'transactions' | 'events'>,
): BatchHistoryReader {
  if (db.sqlite) return sqliteReader(db.sqlite);
  return (trx, ctx, profileId, range) => loadHistory(trx, ctx, deps, profileId, range);
}
