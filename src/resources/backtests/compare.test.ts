import { describe, expect, test } from 'vitest';
import type { WouldBeSignal } from '../../scoring/backtest.js';
import { diffSignals, emptyTally, rates, tallyReviews } from './compare.js';

const signal = (
  category: WouldBeSignal['category'],
  evidence: [rule: string, item: string][],
  extra: Partial<WouldBeSignal> = {},
): WouldBeSignal => ({
  profileId: 'p',
  category,
  severity: 'HIGH',
  score: 0.8,
  evidence: evidence.map(([ruleId, itemId]) => ({ ruleId, ruleName: ruleId, itemId, occurredAtMs: 0 })),
  ...extra,
});

describe('diffSignals', () => {
  test('pairs signals by category and a shared item; the same content is not a change', () => {
    const same = signal('SCAM_ROMANCE', [['r1', 'i1']]);
    expect(diffSignals([same], [signal('SCAM_ROMANCE', [['r1', 'i1']])])).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });

  test('a different score, severity or evidence on a paired signal is a change', () => {
    const before = signal('SCAM_ROMANCE', [['r1', 'i1']]);
    for (const after of [
      signal('SCAM_ROMANCE', [['r1', 'i1']], { score: 0.9 }),
      signal('SCAM_ROMANCE', [['r1', 'i1']], { severity: 'LOW' }),
      signal('SCAM_ROMANCE', [
        ['r1', 'i1'],
        ['r2', 'i1'],
      ]),
    ])
      expect(diffSignals([before], [after]).changed).toEqual([{ before, after }]);
  });

  test('another category or no shared item is an addition and a removal, not a change', () => {
    const current = signal('SCAM_ROMANCE', [['r1', 'i1']]);
    const otherCategory = signal('ACCOUNT_TAKEOVER', [['r1', 'i1']]);
    const otherItem = signal('SCAM_ROMANCE', [['r1', 'i2']]);
    expect(diffSignals([current], [otherCategory])).toEqual({
      added: [otherCategory],
      removed: [current],
      changed: [],
    });
    expect(diffSignals([current], [otherItem])).toEqual({
      added: [otherItem],
      removed: [current],
      changed: [],
    });
  });
});

describe('tallyReviews', () => {
  const reviewed = [
    { signalId: 'c', status: 'CONFIRMED' as const, itemIds: ['i1'] },
    { signalId: 'd', status: 'DISMISSED' as const, itemIds: ['i2'] },
    { signalId: 'm', status: 'CONFIRMED' as const, itemIds: ['i3'] },
  ];

  test('counts a reviewed signal as raised when evidence lands on one of its items, overall and per rule', () => {
    const overall = emptyTally();
    const byRule = new Map<string, ReturnType<typeof emptyTally>>();
    tallyReviews(
      [signal('SCAM_ROMANCE', [['r1', 'i1']]), signal('SCAM_ROMANCE', [['r2', 'i2']])],
      reviewed,
      overall,
      byRule,
      ['r1', 'r2', 'r3'],
    );
    expect(overall).toEqual({ truePositives: 1, falsePositives: 1, falseNegatives: 1 });
    expect(rates(overall)).toEqual({ precision: 0.5, recall: 0.5 });
    expect(byRule.get('r1')).toEqual({ truePositives: 1, falsePositives: 0, falseNegatives: 1 });
    expect(byRule.get('r2')).toEqual({ truePositives: 0, falsePositives: 1, falseNegatives: 2 });
    expect(rates(byRule.get('r3')!)).toEqual({ precision: null, recall: 0 });
  });

  test('no reviewed signals: no precision and no recall', () => {
    expect(rates(emptyTally())).toEqual({ precision: null, recall: null });
  });
});
