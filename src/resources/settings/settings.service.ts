import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { diffChanges, recordAudit } from '../audit-events/audit-events.store.js';
import type { SettingsStore } from './settings.store.js';
import type { DetectionSettingsRecord } from './detection-settings.js';

/** The detection settings a PATCH may change; an undefined field stays as it is. */
export interface SettingsChanges {
  signalThreshold?: number | undefined;
  groupingWindowDays?: number | undefined;
  baselineLookbackDays?: number | undefined;
  highRiskCountries?: string[] | undefined;
  watchListEnabled?: boolean | undefined;
}

// Audit names the wire fields, as every other resource's audit events do.
function auditView(s: DetectionSettingsRecord) {
  return {
    signal_threshold: s.signalThreshold,
    grouping_window_days: s.groupingWindowDays,
    baseline_lookback_days: s.baselineLookbackDays,
    high_risk_countries: s.highRiskCountries,
    watch_list_enabled: s.watchListEnabled,
  };
}

/** A tenant environment's detection settings (api.md §5.8): read, and changed with an audit event. */
export function createSettingsService(deps: { db: Kysely<Database>; store: SettingsStore; clock: Clock }) {
  const { db, store, clock } = deps;

  return {
    /** The settings, provisioned with the defaults (and the default rules) on first use. */
    getSettings(ctx: TenantContext): Promise<DetectionSettingsRecord> {
      return store.load(db, ctx.tenantId, ctx.environment, clock.nowMs());
    },

    /**
     * Applies the changes in one transaction that reads, writes only the fields that changed and
     * audits them; a change to nothing writes nothing and answers the settings as they are.
     */
    update(ctx: TenantContext, changes: SettingsChanges): Promise<DetectionSettingsRecord> {
      const nowMs = clock.nowMs();
      return withTransaction(db, async (trx) => {
        const current = await store.load(trx, ctx.tenantId, ctx.environment, nowMs, { forUpdate: true });
        const next: DetectionSettingsRecord = {
          signalThreshold: changes.signalThreshold ?? current.signalThreshold,
          groupingWindowDays: changes.groupingWindowDays ?? current.groupingWindowDays,
          baselineLookbackDays: changes.baselineLookbackDays ?? current.baselineLookbackDays,
          highRiskCountries: changes.highRiskCountries ?? current.highRiskCountries,
          watchListEnabled: changes.watchListEnabled ?? current.watchListEnabled,
          updatedAtMs: nowMs,
          rulesVersion: current.rulesVersion,
          watchListVersion: current.watchListVersion ?? null,
        };
        const diff = diffChanges(auditView(current), auditView(next));
        if (!diff) return current;
        await store.update(trx, ctx.tenantId, ctx.environment, next, Object.keys(diff));
        await recordAudit(trx, ctx, nowMs, {
          action: 'settings.updated',
          resourceType: 'settings',
          resourceId: ctx.tenantId,
          changes: diff,
        });
        return next;
      });
    },
  };
}
export type SettingsService = ReturnType<typeof createSettingsService>;
