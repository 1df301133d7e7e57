import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { SignalState } from '../detection/signal.js';
import { reopenSignal, reviewSignal } from './signal-review.js';

const signal: SignalState = {
  id: 's',
  profileId: 'p',
  status: 'ACTIVE',
  category: 'SCAM_ROMANCE',
  severity: 'HIGH',
  score: 0.55,
  evidence: [],
  debits: {},
  amountAtRiskMinor: 0,
  firstSeenMs: 0,
  lastSeenMs: 0,
  summary: '',
  batchRunId: null,
  review: null,
};

describe('reviewSignal() and reopenSignal()', () => {
  test('confirms an ACTIVE signal with a reason of that outcome', () => {
    const decision = reviewSignal(
      signal,
      { status: 'CONFIRMED', reason: 'SAR_FILED', notes: 'filed' },
      'key-1',
      1000,
    );
    expect(decision).toEqual({
      ok: true,
      signal: {
        ...signal,
        status: 'CONFIRMED',
        review: {
          status: 'CONFIRMED',
          reason: 'SAR_FILED',
          notes: 'filed',
          reviewedAtMs: 1000,
          reviewedBy: 'key-1',
        },
      },
    });
  });

  test('refuses a reason of the other outcome', () => {
    expect(
      reviewSignal(signal, { status: 'DISMISSED', reason: 'SAR_FILED', notes: null }, 'k', 1),
    ).toMatchObject({ ok: false, reason: 'REASON_NOT_ALLOWED' });
  });

  test('refuses to review a reviewed signal and to reopen an ACTIVE one', () => {
    const reviewed = { ...signal, status: 'DISMISSED' as const };
    expect(reviewSignal(reviewed, { status: 'CONFIRMED', reason: null, notes: null }, 'k', 1)).toEqual({
      ok: false,
      reason: 'NOT_ACTIVE',
    });
    expect(reopenSignal(signal)).toEqual({ ok: false, reason: 'NOT_REVIEWED' });
  });

  test('any sequence of reviews and reopens keeps the machine in its table', () => {
    const command = fc.oneof(
      fc.constant('reopen' as const),
      fc.constantFrom('CONFIRMED' as const, 'DISMISSED' as const),
    );
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        let current = signal;
        for (const c of commands) {
          const before = current.status;
          const decision =
            c === 'reopen'
              ? reopenSignal(current)
              : reviewSignal(current, { status: c, reason: null, notes: null }, 'k', 1);
          if (c === 'reopen') expect(decision.ok).toBe(before !== 'ACTIVE');
          else expect(decision.ok).toBe(before === 'ACTIVE');
          if (decision.ok) current = decision.signal;
          expect(current.review === null).toBe(current.status === 'ACTIVE');
        }
      }),
    );
  });
});
