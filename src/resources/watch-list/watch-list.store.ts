import type { Kysely } from 'kysely';
import type { ActorRef } from '../../api/actor-ref.js';
import type { Confirmation } from '../../domain/detection/confirmed-counterparties.js';
import type { Environment } from '../../domain/values/enums.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';

/** A watch-list entry as GET /watch-list shows it: the counterparty and its first confirmation. */
export interface WatchListEntry {
  id: string;
  counterpartyId: string;
  listedAtMs: number;
  firstConfirmedAtMs: number;
  firstSignalId: string;
  firstProfileId: string;
  /** Profiles with a CONFIRMED signal that paid the counterparty. */
  profileCount: number;
}

/** What confirming a signal recorded: its paid counterparties, and those new to the watch list. */
export interface Recorded {
  counterpartyIds: string[];
  listed: { id: string; counterpartyId: string }[];
}

const CHUNK = 500;
const EMPTY: ReadonlyMap<string, readonly Confirmation[]> = new Map();

/**
 * Confirmed counterparties (written by reviews, withdrawn by reopens), the watch list built from
 * them, and the one lookup scoring makes per profile pass.
 */
export function createWatchListStore(db: Kysely<Database>) {
  const cache = new Map<string, { version: string; byCounterparty: Map<string, Confirmation[]> }>();
  // Every write renews the version, so every process's cache reloads on its next pass.
  const renewVersion = (trx: Executor, tenantId: string, environment: Environment) =>
    trx
      .updateTable('tenant_settings')
      .set({ watch_list_version: newId() })
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment)
      .execute();

  return {
    /** The counterparties these transactions of the tenant environment paid (debits only). */
    async paidCounterparties(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      transactionIds: readonly string[],
    ): Promise<string[]> {
      const found = new Set<string>();
      for (let i = 0; i < transactionIds.length; i += CHUNK) {
        const rows = await executor
          .selectFrom('transactions')
          .select('counterparty_id')
          .where('tenant_id', '=', tenantId)
          .where('environment', '=', environment)
          .where('id', 'in', transactionIds.slice(i, i + CHUNK))
          .where('direction', '=', 'DEBIT')
          .where('counterparty_id', 'is not', null)
          .execute();
        for (const r of rows) if (r.counterparty_id !== null) found.add(r.counterparty_id);
      }
      return [...found].sort();
    },

    /** Records the counterparties a CONFIRMED signal paid, and lists those not on the watch list yet. */
    async recordConfirmation(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      c: {
        profileId: string;
        signalId: string;
        signalLastSeenMs: number;
        counterpartyIds: readonly string[];
        confirmedBy: ActorRef;
        nowMs: number;
      },
    ): Promise<Recorded> {
      const listed: Recorded['listed'] = [];
      if (c.counterpartyIds.length === 0) return { counterpartyIds: [], listed };
      await trx
        .insertInto('confirmed_counterparties')
        .values(
          c.counterpartyIds.map((counterpartyId) => ({
            tenant_id: tenantId,
            environment,
            profile_id: c.profileId,
            counterparty_id: counterpartyId,
            signal_id: c.signalId,
            signal_last_seen_at: c.signalLastSeenMs,
            confirmed_by: JSON.stringify(c.confirmedBy),
            confirmed_at: c.nowMs,
          })),
        )
        .onConflict((oc) => oc.columns(['signal_id', 'counterparty_id']).doNothing())
        .execute();
      for (const counterpartyId of c.counterpartyIds) {
        const id = newId();
        const inserted = await trx
          .insertInto('watch_list')
          .values({
            id,
            tenant_id: tenantId,
            environment,
            counterparty_id: counterpartyId,
            created_at: c.nowMs,
          })
          .onConflict((oc) => oc.columns(['tenant_id', 'environment', 'counterparty_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted) listed.push({ id, counterpartyId });
      }
      await renewVersion(trx, tenantId, environment);
      return { counterpartyIds: [...c.counterpartyIds], listed };
    },

    /**
     * A reopen withdraws the signal's confirmations; a counterparty no other confirmation holds
     * leaves the watch list. Returns the withdrawn counterparties and the entries removed.
     */
    async withdrawConfirmation(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      signalId: string,
    ): Promise<{ counterpartyIds: string[]; unlisted: { id: string; counterpartyId: string }[] }> {
      const rows = await trx
        .deleteFrom('confirmed_counterparties')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('signal_id', '=', signalId)
        .returning('counterparty_id')
        .execute();
      const counterpartyIds = rows.map((r) => r.counterparty_id).sort();
      const unlisted: { id: string; counterpartyId: string }[] = [];
      if (counterpartyIds.length === 0) return { counterpartyIds, unlisted };
      const orphaned = await trx
        .deleteFrom('watch_list')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('counterparty_id', 'in', counterpartyIds)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('confirmed_counterparties as c')
                .select('c.signal_id')
                .whereRef('c.tenant_id', '=', 'watch_list.tenant_id')
                .whereRef('c.environment', '=', 'watch_list.environment')
                .whereRef('c.counterparty_id', '=', 'watch_list.counterparty_id'),
            ),
          ),
        )
        .returning(['id', 'counterparty_id'])
        .execute();
      for (const r of orphaned) unlisted.push({ id: r.id, counterpartyId: r.counterparty_id });
      await renewVersion(trx, tenantId, environment);
      return { counterpartyIds, unlisted };
    },

    /**
     * Every confirmation of the tenant environment by counterparty, cached in this process while
     * tenant_settings.watch_list_version stands (it comes with the settings scoring reads anyway, so
     * a pass makes no query unless something changed). Null version: nothing was ever confirmed.
     */
    async confirmations(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      version: string | null,
    ): Promise<ReadonlyMap<string, readonly Confirmation[]>> {
      if (version === null) return EMPTY;
      const key = `${tenantId}|${environment}`;
      const cached = cache.get(key);
      if (cached?.version === version) return cached.byCounterparty;
      const rows = await executor
        .selectFrom('confirmed_counterparties as c')
        .leftJoin('watch_list as w', (join) =>
          join
            .onRef('w.tenant_id', '=', 'c.tenant_id')
            .onRef('w.environment', '=', 'c.environment')
            .onRef('w.counterparty_id', '=', 'c.counterparty_id'),
        )
        .select([
          'c.counterparty_id',
          'c.signal_id',
          'c.profile_id',
          'c.signal_last_seen_at',
          'w.id as listed',
        ])
        .where('c.tenant_id', '=', tenantId)
        .where('c.environment', '=', environment)
        .execute();
      const byCounterparty = new Map<string, Confirmation[]>();
      for (const r of rows) {
        const list = byCounterparty.get(r.counterparty_id) ?? [];
        list.push({
          counterpartyId: r.counterparty_id,
          signalId: r.signal_id,
          profileId: r.profile_id,
          afterMs: r.signal_last_seen_at,
          listed: r.listed !== null,
        });
        byCounterparty.set(r.counterparty_id, list);
      }
      cache.set(key, { version, byCounterparty });
      return byCounterparty;
    },

    /** A page of the watch list, newest entry first. */
    async list(
      tenantId: string,
      environment: Environment,
      page: { afterId?: string; limit: number },
    ): Promise<WatchListEntry[]> {
      let q = db
        .selectFrom('watch_list')
        .select(['id', 'counterparty_id', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return withConfirmations(db, tenantId, environment, rows);
    },

    async find(tenantId: string, environment: Environment, id: string): Promise<WatchListEntry | undefined> {
      const rows = await db
        .selectFrom('watch_list')
        .select(['id', 'counterparty_id', 'created_at'])
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
      return (await withConfirmations(db, tenantId, environment, rows))[0];
    },

    /** Takes an entry off the list; the confirming profiles keep their own confirmations. */
    async remove(trx: Executor, tenantId: string, environment: Environment, id: string): Promise<boolean> {
      const deleted = await trx
        .deleteFrom('watch_list')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      await renewVersion(trx, tenantId, environment);
      return true;
    },
  };
}
export type WatchListStore = ReturnType<typeof createWatchListStore>;

/** Each entry's first confirmation and profile count, in one query for the page. */
async function withConfirmations(
  executor: Executor,
  tenantId: string,
  environment: Environment,
  rows: readonly { id: string; counterparty_id: string; created_at: number }[],
): Promise<WatchListEntry[]> {
  if (rows.length === 0) return [];
  const confirmations = await executor
    .selectFrom('confirmed_counterparties')
    .select(['counterparty_id', 'profile_id', 'signal_id', 'confirmed_at'])
    .where('tenant_id', '=', tenantId)
    .where('environment', '=', environment)
    .where(
      'counterparty_id',
      'in',
      rows.map((r) => r.counterparty_id),
    )
    .orderBy('confirmed_at')
    .orderBy('signal_id')
    .execute();
  const entries: WatchListEntry[] = [];
  for (const row of rows) {
    const mine = confirmations.filter((c) => c.counterparty_id === row.counterparty_id);
    const first = mine[0];
    // An entry whose confirmations went with an erased profile has nothing left to show.
    if (!first) continue;
    entries.push({
      id: row.id,
      counterpartyId: row.counterparty_id,
      listedAtMs: row.created_at,
      firstConfirmedAtMs: first.confirmed_at,
      firstSignalId: first.signal_id,
      firstProfileId: first.profile_id,
      profileCount: new Set(mine.map((c) => c.profile_id)).size,
    });
  }
  return entries;
}
