import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { callerOf, type TenantContext } from '../../api/context.js';
import { errorResponses, Timestamp } from '../../api/schemas.js';
import type { Clock } from '../../lib/clock.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { diffChanges, recordAudit } from '../audit-events/audit-events.store.js';
import type { DetectionSettingsRecord, SettingsStore } from './settings.store.js';

const Country = Type.String({
  pattern: '^[A-Z]{2}$',
  maxLength: 2,
  'x-message': 'must be an ISO 3166-1 alpha-2 code',
});
const fields = {
  signal_threshold: Type.Number({
    minimum: 0,
    maximum: 1,
    description: 'No signal below this score (default 0.30)',
  }),
  grouping_window_days: Type.Integer({
    minimum: 1,
    maximum: 90,
    description: 'New evidence joins an ACTIVE signal seen within this many days (default 14)',
  }),
  baseline_lookback_days: Type.Integer({
    minimum: 30,
    maximum: 730,
    description: 'History a baseline is built from (default 180)',
  }),
  high_risk_countries: Type.Array(Country, {
    maxItems: 250,
    uniqueItems: true,
    description: 'Named in reasons when money goes there',
  }),
};
export const SettingsResponse = Type.Object(
  { ...fields, updated_at: Timestamp },
  { title: 'DetectionSettings' },
);
export const UpdateSettingsBody = Type.Object(
  {
    signal_threshold: Type.Optional(fields.signal_threshold),
    grouping_window_days: Type.Optional(fields.grouping_window_days),
    baseline_lookback_days: Type.Optional(fields.baseline_lookback_days),
    high_risk_countries: Type.Optional(fields.high_risk_countries),
  },
  { additionalProperties: false, title: 'UpdateDetectionSettings' },
);

function toSettingsJson(s: DetectionSettingsRecord) {
  return {
    signal_threshold: s.signalThreshold,
    grouping_window_days: s.groupingWindowDays,
    baseline_lookback_days: s.baselineLookbackDays,
    high_risk_countries: s.highRiskCountries,
    updated_at: isoTimestamp(s.updatedAtMs),
  };
}

/** GET/PATCH /settings: the tenant environment's detection settings (api.md §5.8); changes are audited. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  store: SettingsStore;
  clock: Clock;
}> = (app, { db, store, clock }) => {
  const tags = ['settings'];
  const load = (ctx: TenantContext) => store.load(db, ctx.tenantId, ctx.environment, clock.nowMs());

  app.get(
    '/',
    {
      config: { scope: 'rules:read' },
      schema: { tags, summary: 'Detection settings', response: { 200: SettingsResponse, ...errorResponses } },
    },
    async (request) => toSettingsJson(await load(callerOf(request))),
  );

  app.patch(
    '/',
    {
      config: { scope: 'rules:write' },
      schema: {
        tags,
        summary: 'Change detection settings',
        body: UpdateSettingsBody,
        response: { 200: SettingsResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const current = await load(caller);
      const body = request.body;
      const next: DetectionSettingsRecord = {
        signalThreshold: body.signal_threshold ?? current.signalThreshold,
        groupingWindowDays: body.grouping_window_days ?? current.groupingWindowDays,
        baselineLookbackDays: body.baseline_lookback_days ?? current.baselineLookbackDays,
        highRiskCountries: body.high_risk_countries ?? current.highRiskCountries,
        updatedAtMs: clock.nowMs(),
        rulesVersion: current.rulesVersion,
      };
      const { updated_at: _before, ...before } = toSettingsJson(current);
      const { updated_at: _after, ...after } = toSettingsJson(next);
      const changes = diffChanges(before, after);
      if (!changes) return toSettingsJson(current);
      await withTransaction(db, async (trx) => {
        await store.update(trx, caller.tenantId, caller.environment, next);
        await recordAudit(trx, caller, next.updatedAtMs, {
          action: 'settings.updated',
          resourceType: 'settings',
          resourceId: caller.tenantId,
          changes,
        });
      });
      return toSettingsJson(next);
    },
  );
  return Promise.resolve();
};
