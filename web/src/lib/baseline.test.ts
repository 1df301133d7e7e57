import { describe, expect, test } from 'vitest';
import { baselineExplanation } from './baseline';

describe('baselineExplanation()', () => {
  test('says READY and what it was learned from', () => {
    expect(
      baselineExplanation('READY', {
        status: 'READY',
        debit_count: 140,
        lookback_days: 180,
        as_of: '2026-11-01T00:00:00Z',
      }),
    ).toBe('READY: learned from 140 debits over the 180 days before 2026-11-01.');
  });

  test('says why a baseline is not ready: how many debits are missing and the span needed', () => {
    const text = baselineExplanation('INSUFFICIENT_HISTORY', {
      status: 'INSUFFICIENT_HISTORY',
      debit_count: 12,
      lookback_days: 180,
      as_of: '2026-11-01T00:00:00Z',
    });
    expect(text).toContain('12 debits');
    expect(text).toContain('8 short of the 20 needed');
    expect(text).toContain('90 days');
  });

  test('says there is no baseline yet when none was computed', () => {
    expect(baselineExplanation('NONE', null)).toMatch(/^No baseline yet/);
  });
});
