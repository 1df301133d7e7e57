import type { Kysely } from 'kysely';
import type { DefaultRule } from '../../domain/detection/types.js';
import type { Environment } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import { isPostgres } from '../../store/migrations/dialect.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { ruleFromDefault, type RulesStore } from '../rules/rules.store.js';
import type { DetectionSettingsRecord } from './detection-settings.js';

export const DEFAULT_SETTINGS = {
  signalThreshold: 0.3,
  groupingWindowDays: 14,
  baselineLookbackDays: 180,
  highRiskCountries: [] as string[],
  watchListEnabled: false,
};

export function createSettingsStore(
  db: Kysely<Database>,
  deps: { rules: Pick<RulesStore, 'insertMany'>; defaultRules: readonly DefaultRule[] },
) {
  // SQLite has no row locks: its one writer serialises the read-change-write of a PATCH anyway.
  const canLockRows = isPostgres(db as Kysely<unknown>);

  async function find(
    executor: Executor,
    tenantId: string,
    environment: Environment,
    forUpdate = false,
  ): Promise<DetectionSettingsRecord | undefined> {
    let q = executor
      .selectFrom('tenant_settings')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment);
    if (forUpdate && canLockRows) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    return (
      row && {
        signalThreshold: row.signal_threshold,
        groupingWindowDays: row.grouping_window_days,
        baselineLookbackDays: row.baseline_lookback_days,
        highRiskCountries: JSON.parse(row.high_risk_countries) as string[],
        watchListEnabled: row.watch_list_enabled === 1,
        updatedAtMs: row.updated_at,
        rulesVersion: row.rules_version,
        watchListVersion: row.watch_list_version,
      }
    );
  }

  const store = {
    /**
     * The environment's settings; the first call for a tenant environment provisions the default
     * settings and the default rule set (detection.md §4), exactly once even under concurrency.
     */
    async load(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      nowMs: number,
      options: { forUpdate?: boolean } = {},
    ): Promise<DetectionSettingsRecord> {
      const existing = await find(executor, tenantId, environment, options.forUpdate);
      if (existing) return existing;
      // Settings and rules together or not at all: a settings row without its rules would never be
      // provisioned again (the next load finds the row). In the caller's transaction, or a new one.
      if (!executor.isTransaction)
        return withTransaction(db, (trx) => store.load(trx, tenantId, environment, nowMs));
      const inserted = await executor
        .insertInto('tenant_settings')
        .values({
          tenant_id: tenantId,
          environment,
          signal_threshold: DEFAULT_SETTINGS.signalThreshold,
          grouping_window_days: DEFAULT_SETTINGS.groupingWindowDays,
          baseline_lookback_days: DEFAULT_SETTINGS.baselineLookbackDays,
          high_risk_countries: '[]',
          watch_list_enabled: DEFAULT_SETTINGS.watchListEnabled ? 1 : 0,
          updated_at: nowMs,
        })
        .onConflict((oc) => oc.columns(['tenant_id', 'environment']).doNothing())
        .returning('tenant_id')
        .executeTakeFirst();
      if (inserted) {
        await deps.rules.insertMany(
          executor,
          tenantId,
          environment,
          deps.defaultRules.map((d) => ruleFromDefault(d, nowMs)),
        );
      }
      const loaded = await find(executor, tenantId, environment, options.forUpdate);
      if (!loaded) throw new Error('tenant settings vanished after provisioning');
      return loaded;
    },

    /** Writes only the named fields (and updated_at), so concurrent changes of others stay. */
    async update(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      settings: DetectionSettingsRecord,
      fields: readonly string[],
    ): Promise<void> {
      const columns = {
        signal_threshold: settings.signalThreshold,
        grouping_window_days: settings.groupingWindowDays,
        baseline_lookback_days: settings.baselineLookbackDays,
        high_risk_countries: JSON.stringify(settings.highRiskCountries),
        watch_list_enabled: settings.watchListEnabled ? 1 : 0,
      };
      const changed = Object.fromEntries(
        Object.entries(columns).filter(([column]) => fields.includes(column)),
      ) as Partial<typeof columns>;
      await trx
        .updateTable('tenant_settings')
        .set({ ...changed, updated_at: settings.updatedAtMs })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .execute();
    },
  };
  return store;
}
export type SettingsStore = ReturnType<typeof createSettingsStore>;
