import { describe, expect, test } from 'vitest';
import { familyOf, measureQuality, type LabelFact, type SignalFact } from './quality.js';

const DAY = 86_400_000;
const label = (customerId: string, category: string, startMs: number): LabelFact => ({
  customerId,
  typology: category.toLowerCase(),
  category,
  startMs,
  debits: [{ atMs: startMs + DAY, amountMinor: 100_000 }],
  transactionCount: 1,
  transactionTimes: [startMs + DAY],
});
const signal = (customerId: string, category: string, atMs: number, fields: Partial<SignalFact> = {}) => ({
  customerId,
  category,
  firstSeenMs: atMs,
  lastSeenMs: atMs,
  ...fields,
});

describe('measureQuality(), issue 13 additions', () => {
  test('attributes false signals to the life events whose rows are in their evidence, and counts per rule', () => {
    const report = measureQuality({
      labels: [label('V1', 'SCAM_ROMANCE', 10 * DAY)],
      signals: [
        signal('C1', 'ACCOUNT_TAKEOVER', 20 * DAY, { rules: ['Channel shift'], externalIds: ['T-car'] }),
        signal('C2', 'UNDETERMINED', 20 * DAY, { rules: ['Balance depletion'], externalIds: ['T-other'] }),
        signal('V1', 'SCAM_ROMANCE', 12 * DAY, { rules: ['Channel shift'], externalIds: [] }),
      ],
      profiles: 10,
      months: 1,
      lifeEvents: [
        { customerId: 'C1', kind: 'CAR_PURCHASE', startMs: 19 * DAY, externalIds: ['T-car'] },
        { customerId: 'C3', kind: 'CAR_PURCHASE', startMs: 19 * DAY, externalIds: ['T-car3'] },
        { customerId: 'C2', kind: 'HOSPITAL_BILL', startMs: 1 * DAY, externalIds: ['T-bill'] },
        // A victim's life event is not counted among clean customers.
        { customerId: 'V1', kind: 'CAR_PURCHASE', startMs: 19 * DAY, externalIds: ['T-v'] },
      ],
      evaluationFromMs: 5 * DAY,
    });
    expect(report.lifeEvents).toEqual([
      { kind: 'CAR_PURCHASE', events: 2, alerted: 1, falseSignals: 1 },
      // Started before the evaluation months: not counted, and its rows are not in the evidence.
      { kind: 'HOSPITAL_BILL', events: 0, alerted: 0, falseSignals: 0 },
    ]);
    expect(report.falseSignalsWithoutLifeEvent).toBe(1);
    expect(report.cleanWithLifeEvents).toBe(2);
    expect(report.rules).toEqual([
      { rule: 'Balance depletion', clean: 1, victims: 0 },
      { rule: 'Channel shift', clean: 1, victims: 1 },
    ]);
  });

  test('right family: a scam flagged as another scam is right, as a known person’s theft is not', () => {
    expect(familyOf('SCAM_ROMANCE')).toBe(familyOf('SCAM_OTHER'));
    expect(familyOf('THEFT_FAMILY')).toBe(familyOf('THEFT_CAREGIVER'));
    expect(familyOf('SCAM_ROMANCE')).not.toBe(familyOf('THEFT_FAMILY'));
    const report = measureQuality({
      labels: [label('V1', 'SCAM_ROMANCE', 10 * DAY), label('V2', 'SCAM_ROMANCE', 10 * DAY)],
      signals: [signal('V1', 'SCAM_OTHER', 11 * DAY), signal('V2', 'THEFT_FAMILY', 11 * DAY)],
      profiles: 10,
      months: 1,
    });
    expect(report.overall.rightFamily).toBe(0.5);
  });
});

describe('measureQuality(): money held or after the first signal (issue 13)', () => {
  const START = 10 * DAY;
  // A single demand of 5,000 and a second of 3,000 two days later.
  const twoDemands: LabelFact = {
    customerId: 'V1',
    typology: 'grandparent',
    category: 'SCAM_PERSON_IN_NEED',
    startMs: START,
    debits: [
      { atMs: START + DAY, amountMinor: 500_000 },
      { atMs: START + 3 * DAY, amountMinor: 300_000 },
    ],
    transactionCount: 2,
    transactionTimes: [START + DAY, START + 3 * DAY],
  };
  const measure = (signals: SignalFact[]) =>
    measureQuality({ labels: [twoDemands], signals, profiles: 10, months: 1 }).rows[0]!;

  test('a signal opened on the first debit with HOLD_PAYMENT counts that debit as held', () => {
    const row = measure([signal('V1', 'SCAM_OTHER', START + DAY, { heldOpeningDebit: true })]);
    expect(row.moneyAfterFirstSignal).toBeCloseTo(3 / 8);
    expect(row.moneyHeldOrAfterFirstSignal).toBe(1);
  });

  test('without a hold recommendation the opening debit has left: both figures agree', () => {
    const row = measure([signal('V1', 'SCAM_OTHER', START + DAY, { heldOpeningDebit: false })]);
    expect(row.moneyHeldOrAfterFirstSignal).toBeCloseTo(3 / 8);
  });

  test('a hold on a later debit saves that one, not the first', () => {
    const row = measure([signal('V1', 'SCAM_OTHER', START + 3 * DAY, { heldOpeningDebit: true })]);
    expect(row.moneyAfterFirstSignal).toBe(0);
    expect(row.moneyHeldOrAfterFirstSignal).toBeCloseTo(3 / 8);
  });

  test('a signal opened before the scenario started holds nothing of it', () => {
    const old = signal('V1', 'SCAM_OTHER', START - DAY, {
      heldOpeningDebit: true,
      lastSeenMs: START + 5 * DAY,
    });
    expect(measure([old]).moneyHeldOrAfterFirstSignal).toBe(1);
    // The first signal time is the scenario start (an open signal), so both debits are after it.
    expect(measure([old]).moneyAfterFirstSignal).toBe(1);
  });
});
