/**
 * Issue 13, alert before the loss: "First large cash or wire" at its firing and non-firing edges, and
 * the life events and habits that must not fire it.
 */
import { describe, expect, test } from 'vitest';
import { evaluateItem, isCorroborated, type EngineRule } from '../engine.js';
import { recommendedAction } from '../recommended-action.js';
import { readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { baselineDeviation, baselineDeviationDefaults } from './baseline-deviation.js';

const row = baselineDeviationDefaults.find((r) => r.name === 'First large cash or wire')!;
const params = row.parameters as never;
// Median debit 50.00, p99 400.00 (readyBaseline): the floor of 2,000 is the threshold.
const baseline = readyBaseline();
const AT = '2026-06-01T10:00:00Z';

const teller = (at: string, amount: number) => tx(at, amount, { channel: 'TELLER' });
const atm = (at: string, amount: number) => tx(at, amount, { channel: 'ATM' });
const wire = (at: string, amount: number) =>
  tx(at, amount, { channel: 'WIRE', counterpartyId: 'cp-law', counterpartyType: 'INDIVIDUAL' });
const measure = (item: ReturnType<typeof tx>, history: ReturnType<typeof tx>[] = [], b = baseline) =>
  baselineDeviation.measure(ruleInput(item, { transactions: history }, { baseline: b }), params);

describe('First large cash or wire (first_rail)', () => {
  test('fires on a 5,000 teller withdrawal by a customer who only ever took 200 from the ATM', () => {
    const m = measure(teller(AT, 5000), [atm('2026-05-01T10:00:00Z', 200), atm('2026-05-20T10:00:00Z', 200)]);
    expect(m).toMatchObject({ outcome: 'FIRED', measured: 500_000, threshold: 200_000, baseline: 5000 });
    if (m.outcome === 'FIRED')
      expect(m.reason).toContain('largest cash withdrawal in the last 365 days was 200.00');
  });

  test('fires on a first wire, with no wire at all in the lookback', () => {
    const m = measure(wire(AT, 9000));
    expect(m.outcome).toBe('FIRED');
    if (m.outcome === 'FIRED') expect(m.reason).toContain('made no wire in the last 365 days');
  });

  test('edge: exactly the floor fires, a cent below does not', () => {
    expect(measure(teller(AT, 2000)).outcome).toBe('FIRED');
    expect(measure(teller(AT, 1999.99)).outcome).toBe('NOT_FIRED');
  });

  test('the threshold follows the baseline: ten times the median debit and the p99 debit', () => {
    const spender = readyBaseline({ debitAmount: { median: 50_000, mad: 1, p95: 1, p99: 300_000, max: 1 } });
    expect(measure(teller(AT, 4999.99), [], spender).outcome).toBe('NOT_FIRED');
    expect(measure(teller(AT, 5000), [], spender).outcome).toBe('FIRED');
    const bigP99 = readyBaseline({ debitAmount: { median: 5000, mad: 1, p95: 1, p99: 800_000, max: 1 } });
    expect(measure(wire(AT, 7999), [], bigP99).outcome).toBe('NOT_FIRED');
    expect(measure(wire(AT, 8000), [], bigP99).outcome).toBe('FIRED');
  });

  test('edge: an earlier withdrawal of a third of the amount is history of such cash; just under it is not', () => {
    expect(measure(teller(AT, 6000), [teller('2026-03-01T10:00:00Z', 2000)]).outcome).toBe('FIRED');
    expect(measure(teller(AT, 5999.99), [teller('2026-03-01T10:00:00Z', 2000)]).outcome).toBe('NOT_FIRED');
  });

  test('a customer who wires money every year does not fire; one whose last wire is older than the lookback does', () => {
    expect(measure(wire(AT, 20_000), [wire('2025-12-01T10:00:00Z', 15_000)]).outcome).toBe('NOT_FIRED');
    expect(measure(wire(AT, 20_000), [wire('2025-05-01T10:00:00Z', 15_000)]).outcome).toBe('FIRED');
  });

  test('cash history does not excuse a wire, nor wire history a withdrawal', () => {
    expect(measure(wire(AT, 6000), [teller('2026-03-01T10:00:00Z', 6000)]).outcome).toBe('FIRED');
    expect(measure(teller(AT, 6000), [wire('2026-03-01T10:00:00Z', 6000)]).outcome).toBe('FIRED');
  });

  test('the next demand of the same episode does not fire again (it is measured against the first)', () => {
    const first = teller('2026-06-01T10:00:00Z', 5000);
    const second = teller('2026-06-03T10:00:00Z', 8000);
    expect(measure(second, [first]).outcome).toBe('NOT_FIRED');
  });

  test('a later withdrawal never counts as history (arrival order does not matter)', () => {
    expect(measure(teller(AT, 5000), [teller('2026-06-02T10:00:00Z', 5000)]).outcome).toBe('FIRED');
  });

  test('other rails, credits and a customer without a READY baseline do not fire', () => {
    expect(measure(tx(AT, 9000, { channel: 'CHECK', counterpartyType: 'BUSINESS' })).outcome).toBe(
      'NOT_FIRED',
    );
    expect(measure(tx(AT, 9000, { channel: 'P2P' })).outcome).toBe('NOT_FIRED');
    expect(measure(tx(AT, 9000, { channel: 'WIRE', direction: 'CREDIT' })).outcome).toBe('NOT_FIRED');
    expect(measure(teller(AT, 9000), [], readyBaseline({ status: 'INSUFFICIENT_HISTORY' })).outcome).toBe(
      'INSUFFICIENT_HISTORY',
    );
  });

  test('rails narrows what is measured', () => {
    const wiresOnly = { ...(row.parameters as object), rails: ['WIRE'] } as never;
    expect(baselineDeviation.measure(ruleInput(teller(AT, 9000), {}, { baseline }), wiresOnly).outcome).toBe(
      'NOT_FIRED',
    );
    expect(baselineDeviation.measure(ruleInput(wire(AT, 9000), {}, { baseline }), wiresOnly).outcome).toBe(
      'FIRED',
    );
  });

  test('alone it opens a case and recommends holding the payment', () => {
    const rule: EngineRule = {
      id: 'r-first',
      name: row.name,
      ruleType: row.ruleType,
      version: 1,
      weight: row.weight,
      severity: row.severity,
      signalCategory: row.signalCategory,
      definition: baselineDeviation,
      parameters: row.parameters,
    };
    const item = teller(AT, 5000);
    const score = evaluateItem(ruleInput(item, {}, { baseline }), [rule]);
    expect(score.score).toBeGreaterThanOrEqual(0.3);
    expect(isCorroborated(score.fired, { kind: 'transaction', transaction: item })).toBe(true);
    expect(
      recommendedAction({ status: 'ACTIVE', category: row.signalCategory, severity: row.severity }),
    ).toBe('HOLD_PAYMENT');
  });
});
