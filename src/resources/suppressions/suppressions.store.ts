import type { Kysely } from 'kysely';
import type { ActorRef } from '../../api/actor-ref.js';
import type { Suppression } from '../../domain/detection/suppression.js';
import type { Environment, SignalCategory } from '../../domain/values/enums.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import type { SuppressionRow } from './suppressions.table.js';

export interface SuppressionRecord extends Suppression {
  createdBy: ActorRef;
}

function toRecord(row: SuppressionRow): SuppressionRecord {
  return {
    id: row.id,
    profileId: row.profile_id,
    counterpartyId: row.counterparty_id,
    ruleIds: JSON.parse(row.rule_ids) as string[],
    signalId: row.signal_id,
    category: row.signal_category as SignalCategory,
    reason: row.reason,
    createdBy: JSON.parse(row.created_by) as ActorRef,
    createdAtMs: row.created_at,
    expiresAtMs: row.expires_at,
  };
}

export function createSuppressionsStore(db: Kysely<Database>) {
  const scoped = (executor: Executor, tenantId: string, environment: Environment, profileId: string) =>
    executor
      .selectFrom('suppressions')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment)
      .where('profile_id', '=', profileId);

  return {
    async insert(trx: Executor, tenantId: string, environment: Environment, s: SuppressionRecord) {
      await trx
        .insertInto('suppressions')
        .values({
          id: s.id,
          tenant_id: tenantId,
          environment,
          profile_id: s.profileId,
          counterparty_id: s.counterpartyId,
          rule_ids: JSON.stringify(s.ruleIds),
          signal_id: s.signalId,
          signal_category: s.category,
          reason: s.reason,
          created_by: JSON.stringify(s.createdBy),
          created_at: s.createdAtMs,
          expires_at: s.expiresAtMs,
        })
        .execute();
      // Scoring caches the profile's suppressions under this token (scoring/realtime.ts).
      await trx
        .updateTable('profiles')
        .set({ suppressions_version: newId() })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', s.profileId)
        .execute();
    },

    /** A page of the profile's suppressions, newest first; only those unexpired at nowMs unless asked. */
    async list(
      tenantId: string,
      environment: Environment,
      profileId: string,
      query: { nowMs: number; includeExpired: boolean; afterId?: string; limit: number },
    ): Promise<SuppressionRecord[]> {
      let q = scoped(db, tenantId, environment, profileId);
      if (!query.includeExpired) q = q.where('expires_at', '>', query.nowMs);
      if (query.afterId !== undefined) q = q.where('id', '<', query.afterId);
      const rows = await q.orderBy('id', 'desc').limit(query.limit).execute();
      return rows.map(toRecord);
    },

    /** Every suppression of the profile unexpired at nowMs: what scoring checks (isSuppressed). */
    async listActive(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
      nowMs: number,
    ): Promise<SuppressionRecord[]> {
      const rows = await scoped(executor, tenantId, environment, profileId)
        .where('expires_at', '>', nowMs)
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
  };
}
export type SuppressionsStore = ReturnType<typeof createSuppressionsStore>;

/** The counterparty IDs these transactions of the tenant environment paid or were paid by. */
export async function findCounterparties(
  executor: Executor,
  tenantId: string,
  environment: Environment,
  transactionIds: readonly string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < transactionIds.length; i += 500) {
    const rows = await executor
      .selectFrom('transactions')
      .select('counterparty_id')
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment)
      .where('id', 'in', transactionIds.slice(i, i + 500))
      .where('counterparty_id', 'is not', null)
      .execute();
    for (const r of rows) if (r.counterparty_id !== null) found.add(r.counterparty_id);
  }
  return found;
}
