import { describe, expect, test } from 'vitest';
import type { ActivitySeries } from '../api/types';
import { markerBucket, seriesWindow, toChartRows } from './series';

const series: ActivitySeries = {
  profile_id: 'p',
  bucket: 'day',
  from: '2026-11-01',
  to: '2026-11-03',
  points: [
    {
      start: '2026-11-01',
      debits_total: 10,
      credits_total: 0,
      customer_initiated_debits_total: 10,
      baseline_median: 20,
      baseline_p90: 50,
    },
    {
      start: '2026-11-02',
      debits_total: 0,
      credits_total: 5,
      customer_initiated_debits_total: 0,
      baseline_median: null,
      baseline_p90: null,
    },
    {
      start: '2026-11-03',
      debits_total: 900,
      credits_total: 0,
      customer_initiated_debits_total: 900,
      baseline_median: 20,
      baseline_p90: 10,
    },
  ],
  markers: [{ at: '2026-11-03T15:00:00.000Z', kind: 'ACCOUNT_EVENT', label: 'Payee added', ref_id: null }],
};

describe('activity chart data', () => {
  test('makes one row per bucket with the baseline band where one exists', () => {
    expect(toChartRows(series)).toEqual([
      { start: '2026-11-01', outflow: 10, band: [20, 50], median: 20 },
      { start: '2026-11-02', outflow: 0, band: null, median: null },
      { start: '2026-11-03', outflow: 900, band: [20, 20], median: 20 },
    ]);
  });

  test('places a marker in the bucket that contains it, and none before the first bucket', () => {
    expect(markerBucket(series, '2026-11-03T15:00:00.000Z')).toBe('2026-11-03');
    expect(markerBucket(series, '2026-10-30T00:00:00.000Z')).toBeNull();
  });

  test('shows the 90 days, or 26 weeks, that end on the given day, both ends included', () => {
    const now = Date.parse('2026-11-20T13:00:00.000Z');
    expect(seriesWindow('day', now)).toEqual({ from: '2026-08-23', to: '2026-11-20' });
    expect(seriesWindow('week', now)).toEqual({ from: '2026-05-23', to: '2026-11-20' });
  });
});
