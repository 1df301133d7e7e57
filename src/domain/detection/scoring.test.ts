import { describe, expect, test } from 'vitest';
import {
  categoryOf,
  hasCriticalCombination,
  noisyOr,
  riskLevelOf,
  scoreBand,
  severityFor,
  weigh,
  type WeighedRule,
} from './scoring.js';
import type { Fired } from './types.js';

const rule = (fields: Partial<WeighedRule>): WeighedRule => ({
  id: fields.name ?? 'r',
  name: 'rule',
  ruleType: 'THRESHOLD',
  version: 1,
  weight: 0.3,
  severity: 'MEDIUM',
  signalCategory: 'UNDETERMINED',
  ...fields,
});
const fired = (fields: Partial<Fired> = {}): Fired => ({
  outcome: 'FIRED',
  measured: 1,
  threshold: 1,
  baseline: null,
  reason: 'r',
  transactionIds: [],
  eventIds: [],
  ...fields,
});

describe('noisyOr()', () => {
  test('combines weights as 1 − Π(1 − w), whatever their order', () => {
    expect(noisyOr([0.5, 0.5])).toBeCloseTo(0.75, 10);
    expect(noisyOr([0.35, 0.55, 0.1])).toBeCloseTo(noisyOr([0.1, 0.55, 0.35]), 12);
    expect(noisyOr([])).toBe(0);
    expect(noisyOr([1, 0.2])).toBe(1);
  });
});

describe('scoreBand() and riskLevelOf()', () => {
  test.each([
    [0.39, 'LOW'],
    [0.4, 'MEDIUM'],
    [0.59, 'MEDIUM'],
    [0.6, 'HIGH'],
    [0.79, 'HIGH'],
    [0.8, 'CRITICAL'],
  ] as const)('%s is %s', (score, band) => {
    expect(scoreBand(score)).toBe(band);
  });
  test('a risk score of 0 is NONE', () => {
    expect(riskLevelOf(0)).toBe('NONE');
    expect(riskLevelOf(0.1)).toBe('LOW');
  });
});

describe('weigh()', () => {
  test('a context modifier never fires alone', () => {
    const modifier = rule({ id: 'ctx', ruleType: 'CONTEXT_MODIFIER', weight: 0.1, severity: 'LOW' });
    expect(weigh([{ rule: modifier, measurement: fired() }])).toEqual({
      score: 0,
      fired: [],
      insufficientRuleIds: [],
    });
  });

  test('a context modifier joins the product when another rule fired', () => {
    const modifier = rule({ id: 'ctx', ruleType: 'CONTEXT_MODIFIER', weight: 0.1 });
    const large = rule({ id: 'large', weight: 0.35 });
    const result = weigh([
      { rule: modifier, measurement: fired() },
      { rule: large, measurement: fired() },
    ]);
    expect(result.score).toBeCloseTo(1 - 0.65 * 0.9, 10);
    expect(result.fired.map((f) => f.rule.id)).toEqual(['large', 'ctx']);
  });

  test('lists rules without history and ignores rules that did not fire', () => {
    const result = weigh([
      { rule: rule({ id: 'a' }), measurement: { outcome: 'INSUFFICIENT_HISTORY' } },
      { rule: rule({ id: 'b' }), measurement: { outcome: 'NOT_FIRED' } },
    ]);
    expect(result).toEqual({ score: 0, fired: [], insufficientRuleIds: ['a'] });
  });
});

describe('categoryOf()', () => {
  test('takes the highest-weight rule, preferring a specific category over UNDETERMINED', () => {
    const f = (weight: number, category: 'UNDETERMINED' | 'SCAM_ROMANCE' | 'ACCOUNT_TAKEOVER') => ({
      rule: rule({ weight }),
      category,
    });
    expect(categoryOf([f(0.5, 'UNDETERMINED'), f(0.3, 'SCAM_ROMANCE')])).toBe('SCAM_ROMANCE');
    expect(categoryOf([f(0.3, 'ACCOUNT_TAKEOVER'), f(0.55, 'SCAM_ROMANCE')])).toBe('SCAM_ROMANCE');
    expect(categoryOf([f(0.3, 'UNDETERMINED')])).toBe('UNDETERMINED');
  });
});

describe('severityFor()', () => {
  const at = (hours: number) => Date.parse('2026-06-01T00:00:00Z') + hours * 3_600_000;
  test('is the higher of the score band and the highest fired severity', () => {
    expect(severityFor(0.35, [{ severity: 'HIGH', category: 'SCAM_OTHER', occurredAtMs: at(0) }])).toBe(
      'HIGH',
    );
    expect(severityFor(0.65, [{ severity: 'LOW', category: 'SCAM_OTHER', occurredAtMs: at(0) }])).toBe(
      'HIGH',
    );
  });

  test('is CRITICAL for two HIGH hits of different categories within 72 hours, not 73', () => {
    const high = (category: 'SCAM_ROMANCE' | 'ACCOUNT_TAKEOVER', hours: number) => ({
      severity: 'HIGH' as const,
      category,
      occurredAtMs: at(hours),
    });
    expect(severityFor(0.5, [high('SCAM_ROMANCE', 0), high('ACCOUNT_TAKEOVER', 72)])).toBe('CRITICAL');
    expect(severityFor(0.5, [high('SCAM_ROMANCE', 0), high('ACCOUNT_TAKEOVER', 73)])).toBe('HIGH');
    expect(hasCriticalCombination([high('SCAM_ROMANCE', 0), high('SCAM_ROMANCE', 1)])).toBe(false);
  });
});
