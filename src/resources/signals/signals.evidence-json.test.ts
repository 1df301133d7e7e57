import { describe, expect, test } from 'vitest';
import type { Evidence } from '../../domain/detection/signal.js';
import { toEvidenceJson } from './signals.schemas.js';

const evidence = (fields: Partial<Evidence>): Evidence => ({
  ruleId: 'rule',
  ruleName: 'Crypto kiosk or exchange debits',
  ruleType: 'PAYMENT_INSTRUMENT',
  ruleVersion: 1,
  weight: 0.4,
  severity: 'HIGH',
  category: 'SCAM_INVESTMENT',
  measured: 250_000,
  threshold: 100_000,
  baseline: null,
  reason: 'A first CRYPTO debit',
  transactionIds: ['t1'],
  eventIds: [],
  itemId: 't1',
  itemKind: 'transaction',
  occurredAtMs: Date.UTC(2026, 11, 1),
  ...fields,
});

describe('evidence on the wire', () => {
  test('a measurement that says it is money is shown in major units (a $2,500 crypto debit reads 2500)', () => {
    expect(toEvidenceJson(evidence({ money: true }))).toMatchObject({ measured: 2500, threshold: 1000 });
  });

  test('a count of the same rule type stays a count', () => {
    expect(toEvidenceJson(evidence({ money: false, measured: 3, threshold: 3 }))).toMatchObject({
      measured: 3,
      threshold: 3,
    });
  });

  test('evidence stored before measurements said so keeps the rule type’s unit', () => {
    expect(toEvidenceJson(evidence({ ruleType: 'THRESHOLD' }))).toMatchObject({ measured: 2500 });
    expect(toEvidenceJson(evidence({}))).toMatchObject({ measured: 250_000 });
  });
});
