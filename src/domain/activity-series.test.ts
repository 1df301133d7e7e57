import { describe, expect, test } from 'vitest';
import { buildOutflowBand, buildSeriesPoints, decideSeriesRange } from './activity-series.js';

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const tx = (iso: string, amountMinor: number, extra: Record<string, unknown> = {}) => ({
  occurredAtMs: Date.parse(iso),
  amountMinor,
  direction: 'DEBIT' as const,
  channel: 'CARD' as const,
  initiatedBy: null,
  ...extra,
});

describe('decideSeriesRange()', () => {
  test('days include both ends; weeks are the ISO weeks (Monday first) covering them', () => {
    expect(decideSeriesRange('day', day('2026-03-01'), day('2026-03-03'), 0)).toEqual({
      ok: true,
      range: { bucket: 'day', fromMs: day('2026-03-01'), toMs: day('2026-03-04') },
    });
    // 2026-03-04 is a Wednesday, 2026-03-15 a Sunday.
    expect(decideSeriesRange('week', day('2026-03-04'), day('2026-03-15'), 0)).toEqual({
      ok: true,
      range: { bucket: 'week', fromMs: day('2026-03-02'), toMs: day('2026-03-16') },
    });
  });

  test('defaults: up to today, 90 days or 26 weeks', () => {
    const now = Date.parse('2026-03-10T15:00:00Z');
    const decision = decideSeriesRange('day', undefined, undefined, now);
    expect(decision).toEqual({
      ok: true,
      range: { bucket: 'day', fromMs: day('2026-03-10') - 89 * DAY, toMs: day('2026-03-11') },
    });
    const weeks = decideSeriesRange('week', undefined, undefined, now);
    expect(weeks.ok && (weeks.range.toMs - weeks.range.fromMs) / (7 * DAY)).toBe(26);
  });

  test.each([
    ['day', 400, true],
    ['day', 401, false],
    ['week', 120, true],
    ['week', 121, false],
  ] as const)('%s buckets: %i allowed = %s', (bucket, count, ok) => {
    const size = bucket === 'day' ? DAY : 7 * DAY;
    const from = day('2025-01-06');
    const decision = decideSeriesRange(bucket, from, from + (count - 1) * size, 0);
    expect(decision.ok).toBe(ok);
  });

  test('refuses from after to', () => {
    expect(decideSeriesRange('day', day('2026-03-02'), day('2026-03-01'), 0)).toEqual({
      ok: false,
      reason: 'FROM_AFTER_TO',
    });
  });
});

describe('buildSeriesPoints()', () => {
  test('sums debits, credits and customer-initiated debits per bucket; empty buckets are zero', () => {
    const range = { bucket: 'day' as const, fromMs: day('2026-03-01'), toMs: day('2026-03-04') };
    const points = buildSeriesPoints(range, [
      tx('2026-03-01T08:00:00Z', 1000),
      tx('2026-03-01T23:59:59Z', 250, { channel: 'ACH' }),
      tx('2026-03-03T00:00:00Z', 5000, { direction: 'CREDIT' }),
      tx('2026-03-03T10:00:00Z', 700, { channel: 'ACH', initiatedBy: 'CUSTOMER' }),
      tx('2026-03-04T00:00:00Z', 999),
    ]);
    expect(points).toEqual([
      {
        startMs: day('2026-03-01'),
        debitsMinor: 1250,
        creditsMinor: 0,
        customerInitiatedDebitsMinor: 1000,
        count: 2,
      },
      {
        startMs: day('2026-03-02'),
        debitsMinor: 0,
        creditsMinor: 0,
        customerInitiatedDebitsMinor: 0,
        count: 0,
      },
      {
        startMs: day('2026-03-03'),
        debitsMinor: 700,
        creditsMinor: 5000,
        customerInitiatedDebitsMinor: 700,
        count: 2,
      },
    ]);
  });
});

describe('buildOutflowBand()', () => {
  test('median and p90 of the daily totals back from as-of, quiet days counting as zero', () => {
    const asOf = day('2026-03-11');
    // Ten days back from as-of: 100 on each of the last five, nothing on four, 1000 on the tenth.
    const debits = [
      ...[1, 2, 3, 4, 5].map((d) => tx(new Date(asOf - d * DAY + 3600_000).toISOString(), 100)),
      tx(new Date(asOf - 10 * DAY + 3600_000).toISOString(), 1000),
    ];
    expect(buildOutflowBand(debits, asOf, 'day')).toEqual({ medianMinor: 100, p90Minor: 190 });
    expect(buildOutflowBand([], asOf, 'week')).toBeNull();
  });
});
