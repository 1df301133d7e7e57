import type { ActivitySeries } from '../api/types';

export interface ChartRow {
  start: string;
  outflow: number;
  /** [median, p90]: the customer's usual band for a bucket, when a baseline exists. */
  band: [number, number] | null;
  median: number | null;
}

/** One chart row per bucket the API returned, in order; the band is absent where there is no baseline. */
export function toChartRows(series: ActivitySeries): ChartRow[] {
  return series.points.map((point) => ({
    start: point.start.slice(0, 10),
    outflow: point.debits_total,
    band:
      point.baseline_median !== null && point.baseline_p90 !== null
        ? [point.baseline_median, Math.max(point.baseline_p90, point.baseline_median)]
        : null,
    median: point.baseline_median,
  }));
}

/** The bucket a marker falls in, so it can be drawn on that bucket's x position. */
export function markerBucket(series: ActivitySeries, at: string): string | null {
  let found: string | null = null;
  for (const point of series.points) if (point.start <= at) found = point.start.slice(0, 10);
  return found;
}

/**
 * The days the chart shows, both included (GET /profiles/{id}/activity-series takes dates): the 90
 * days, or the 26 weeks, that end on the given day.
 */
export function seriesWindow(bucket: 'day' | 'week', endMs: number): { from: string; to: string } {
  const days = bucket === 'day' ? 90 : 26 * 7;
  const end = new Date(endMs);
  end.setUTCHours(0, 0, 0, 0);
  const start = new Date(end.getTime() - (days - 1) * 86_400_000);
  return { from: start.toISOString().slice(0, 10), to: end.toISOString().slice(0, 10) };
}
