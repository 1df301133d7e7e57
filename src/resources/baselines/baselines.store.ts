import type { Baseline } from '../../domain/baseline/baseline.js';
import type { Environment } from '../../domain/values/enums.js';
import type { Executor } from '../../store/transaction.js';

export interface StoredBaseline {
  profileId: string;
  baseline: Baseline;
  computedAtMs: number;
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
      const values = {
        as_of: stored.baseline.asOfMs,
        status: stored.baseline.status,
        content: JSON.stringify(stored.baseline),
        computed_at: stored.computedAtMs,
      };
      await trx
        .insertInto('baselines')
        .values({ profile_id: stored.profileId, tenant_id: tenantId, environment, ...values })
        .onConflict((oc) => oc.column('profile_id').doUpdateSet(values))
        .execute();
    },
  };
}
export type BaselinesStore = ReturnType<typeof createBaselinesStore>;
