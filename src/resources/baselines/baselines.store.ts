import type { Baseline } from '../../domain/baseline/baseline.js';
import type { Environment } from '../../domain/values/enums.js';
import type { Executor } from '../../store/transaction.js';

export interface StoredBaseline {
  profileId: string;
  baseline: Baseline;
  computedAtMs: number;
}

// 7 bound parameters a row: well under SQLite's and PostgreSQL's limits.
const ROWS_PER_UPSERT = 500;

/**
 * Replaces the baselines of several profiles (one each, distinct), a statement per
 * ROWS_PER_UPSERT: real-time scoring writes every profile of a request together, one round trip
 * on PostgreSQL instead of one per profile. In profile ID order, the order other writers lock in.
 */
async function upsertMany(
  trx: Executor,
  tenantId: string,
  environment: Environment,
  baselines: readonly StoredBaseline[],
): Promise<void> {
  const rows = [...baselines]
    .sort((a, b) => (a.profileId < b.profileId ? -1 : a.profileId > b.profileId ? 1 : 0))
    .map((stored) => ({
      profile_id: stored.profileId,
      tenant_id: tenantId,
      environment,
      as_of: stored.baseline.asOfMs,
      status: stored.baseline.status,
      content: JSON.stringify(stored.baseline),
      computed_at: stored.computedAtMs,
    }));
  for (let i = 0; i < rows.length; i += ROWS_PER_UPSERT) {
    await trx
      .insertInto('baselines')
      .values(rows.slice(i, i + ROWS_PER_UPSERT))
      .onConflict((oc) =>
        oc.column('profile_id').doUpdateSet((eb) => ({
          as_of: eb.ref('excluded.as_of'),
          status: eb.ref('excluded.status'),
          content: eb.ref('excluded.content'),
          computed_at: eb.ref('excluded.computed_at'),
        })),
      )
      .execute();
  }
}

export function createBaselinesStore() {
  return {
    async find(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
    ): Promise<StoredBaseline | undefined> {
      const row = await executor
        .selectFrom('baselines')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .executeTakeFirst();
      return (
        row && {
          profileId: row.profile_id,
          baseline: JSON.parse(row.content) as Baseline,
          computedAtMs: row.computed_at,
        }
      );
    },

    /** Replaces the profile's baseline: a profile has one, the latest computed. */
    async upsert(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      stored: StoredBaseline,
    ): Promise<void> {
      await upsertMany(trx, tenantId, environment, [stored]);
    },

    upsertMany,
  };
}
export type BaselinesStore = ReturnType<typeof createBaselinesStore>;
