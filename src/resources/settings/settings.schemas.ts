import { Type, type Static } from 'typebox';
import { Timestamp } from '../../api/schemas.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { SettingsChanges } from './settings.service.js';
import type { DetectionSettingsRecord } from './detection-settings.js';

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
  watch_list_enabled: Type.Boolean({
    description:
      "Counterparties confirmed as exploitation on one profile raise the risk of payments to them from the environment's other profiles (the watch list; default false)",
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
    watch_list_enabled: Type.Optional(fields.watch_list_enabled),
  },
  { additionalProperties: false, title: 'UpdateDetectionSettings' },
);
export type UpdateSettingsBody = Static<typeof UpdateSettingsBody>;

export function toSettingsJson(s: DetectionSettingsRecord) {
  return {
    signal_threshold: s.signalThreshold,
    grouping_window_days: s.groupingWindowDays,
    baseline_lookback_days: s.baselineLookbackDays,
    high_risk_countries: s.highRiskCountries,
    watch_list_enabled: s.watchListEnabled,
    updated_at: isoTimestamp(s.updatedAtMs),
  };
}

export function toSettingsChanges(body: UpdateSettingsBody): SettingsChanges {
  return {
    signalThreshold: body.signal_threshold,
    groupingWindowDays: body.grouping_window_days,
    baselineLookbackDays: body.baseline_lookback_days,
    highRiskCountries: body.high_risk_countries,
    watchListEnabled: body.watch_list_enabled,
  };
}
