import { Type, type Static } from 'typebox';
import { DateOnly, IdParams, literalUnion, Timestamp, Uuid } from '../../api/schemas.js';
import { SERIES_BUCKETS } from '../../domain/activity-series.js';
import { toMajorUnits } from '../../domain/values/money.js';
import { isoDate, isoTimestamp } from '../../lib/clock.js';
import type { ActivitySeries } from './activity-series.service.js';

export const ActivitySeriesParams = IdParams('profile_id');

export const ActivitySeriesQuery = Type.Object(
  {
    from: Type.Optional({
      ...DateOnly,
      description: 'First day shown (UTC); default: 90 days or 26 weeks before to',
    }),
    to: Type.Optional({ ...DateOnly, description: 'Last day shown (UTC), included; default: today' }),
    bucket: Type.Optional(
      literalUnion(SERIES_BUCKETS, {
        description: 'day, or week (ISO weeks, Monday first); at most 400 days or 120 weeks',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ActivitySeriesQuery = Static<typeof ActivitySeriesQuery>;

const Money = (description: string) => Type.Number({ description: `${description}, major units` });
const MaybeMoney = (description: string) =>
  Type.Union([Type.Number(), Type.Null()], {
    description: `${description}, major units; null without a baseline`,
  });

export const ActivitySeriesResponse = Type.Object(
  {
    profile_id: Uuid,
    bucket: literalUnion(SERIES_BUCKETS),
    from: DateOnly,
    to: DateOnly,
    baseline: Type.Union([
      Type.Object(
        { status: Type.String(), as_of: Timestamp },
        { description: 'The baseline the bands come from' },
      ),
      Type.Null(),
    ]),
    points: Type.Array(
      Type.Object({
        start: DateOnly,
        debits_total: Money('Debits in the bucket'),
        credits_total: Money('Credits in the bucket'),
        customer_initiated_debits_total: Money('Debits the customer made personally'),
        count: Type.Integer({ description: 'Transactions in the bucket' }),
        baseline_median: MaybeMoney("Median daily or weekly outflow of the baseline's window"),
        baseline_p90: MaybeMoney("90th percentile of the baseline's daily or weekly outflow"),
      }),
    ),
    markers: Type.Array(
      Type.Object({
        at: Timestamp,
        kind: literalUnion(['ACCOUNT_EVENT', 'SIGNAL', 'DATE_OF_DEATH'] as const),
        label: Type.String(),
        ref_id: Uuid,
      }),
    ),
  },
  { title: 'ActivitySeries' },
);

export function toActivitySeriesJson(profileId: string, s: ActivitySeries) {
  return {
    profile_id: profileId,
    bucket: s.range.bucket,
    from: isoDate(s.range.fromMs),
    to: isoDate(s.range.toMs - 86_400_000),
    baseline: s.baseline && { status: s.baseline.status, as_of: isoTimestamp(s.baseline.asOfMs) },
    points: s.points.map((p) => ({
      start: isoDate(p.startMs),
      debits_total: toMajorUnits(p.debitsMinor),
      credits_total: toMajorUnits(p.creditsMinor),
      customer_initiated_debits_total: toMajorUnits(p.customerInitiatedDebitsMinor),
      count: p.count,
      baseline_median: s.band && toMajorUnits(s.band.medianMinor),
      baseline_p90: s.band && toMajorUnits(s.band.p90Minor),
    })),
    markers: s.markers.map((m) => ({
      at: isoTimestamp(m.atMs),
      kind: m.kind,
      label: m.label,
      ref_id: m.refId,
    })),
  };
}
