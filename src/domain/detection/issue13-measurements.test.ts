/**
 * Issue 13: the measurements that tell a life event from exploitation, each at its firing and
 * non-firing edge, and the corroboration a single medium-weight hit needs to open a case.
 */
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../activity.js';
import { isCorroborated, raiseSignal, type RaiseContext } from './engine.js';
import { isEstablishedPayee, payeeKind } from './payee-kind.js';
import { accountEventSequence, accountEventSequenceDefaults } from './rules/account-event-sequence.js';
import { balanceTrend, balanceTrendDefaults } from './rules/balance-trend.js';
import { baselineDeviation, baselineDeviationDefaults } from './rules/baseline-deviation.js';
import { keyword, keywordDefaults } from './rules/keyword.js';
import { newCounterparty, newCounterpartyDefaults } from './rules/new-counterparty.js';
import type { FiredRule, ItemScore } from './scoring.js';
import type { SignalState } from './signal.js';
import { ev, readyBaseline, ruleInput, tx } from './testing/rule-input.js';

const paramsOf = (rows: { name: string; parameters: unknown }[], name: string) =>
  rows.find((r) => r.name === name)!.parameters as never;

const business = (at: string, amount: number, fields: Partial<Transaction> = {}) =>
  tx(at, amount, { channel: 'CHECK', counterpartyId: 'cp-dealer', counterpartyType: 'BUSINESS', ...fields });
const person = (at: string, amount: number, fields: Partial<Transaction> = {}) =>
  tx(at, amount, {
    channel: 'P2P',
    counterpartyId: 'cp-stranger',
    counterpartyType: 'INDIVIDUAL',
    ...fields,
  });

describe('payeeKind()', () => {
  test.each([
    ['a check to a business', { channel: 'CHECK', counterpartyType: 'BUSINESS' }, 'MERCHANT'],
    ['an ACH to a business', { channel: 'ACH', counterpartyType: 'BUSINESS' }, 'MERCHANT'],
    [
      'a card payment at a hospital',
      { channel: 'CARD', counterpartyType: 'BUSINESS', merchantCategoryCode: '8062' },
      'MERCHANT',
    ],
    [
      'a card payment at a crypto merchant (6051)',
      { channel: 'CARD', counterpartyType: 'BUSINESS', merchantCategoryCode: '6051' },
      'SCAM_RAIL',
    ],
    ['a wire to a business', { channel: 'WIRE', counterpartyType: 'BUSINESS' }, 'SCAM_RAIL'],
    ['gift cards', { channel: 'GIFT_CARD', counterpartyType: 'BUSINESS' }, 'SCAM_RAIL'],
    ['a P2P payment to a business', { channel: 'P2P', counterpartyType: 'BUSINESS' }, 'PERSON'],
    ['a check to an individual', { channel: 'CHECK', counterpartyType: 'INDIVIDUAL' }, 'PERSON'],
    ['a check with no payee type', { channel: 'CHECK' }, 'PERSON'],
    ['a transfer to savings', { channel: 'ONLINE_TRANSFER', counterpartyRelationship: 'SELF' }, 'SELF'],
  ] as const)('%s is %s', (_name, fields, kind) => {
    expect(payeeKind(tx('2026-06-01T10:00:00Z', 100, fields as Partial<Transaction>))).toBe(kind);
  });

  test('a business is established after two earlier payments within the lookback, not one', () => {
    const since = Date.parse('2025-06-01T00:00:00Z');
    const item = business('2026-06-01T10:00:00Z', 3000);
    const once = [business('2025-12-01T10:00:00Z', 3000)];
    const twice = [business('2025-06-02T10:00:00Z', 3000), ...once];
    expect(isEstablishedPayee([...once, item], item, since)).toBe(false);
    expect(isEstablishedPayee([...twice, item], item, since)).toBe(true);
    // The first of the two falls before the lookback: only one counts.
    expect(isEstablishedPayee([...twice, item], item, since + 2 * 86_400_000)).toBe(false);
  });
});

describe('Channel shift ignores merchant payments', () => {
  const params = paramsOf(baselineDeviationDefaults, 'Channel shift');
  const baseline = readyBaseline();
  test('a first large check to a car dealer is not a channel shift', () => {
    const item = business('2026-06-01T10:00:00Z', 30_000);
    expect(baselineDeviation.measure(ruleInput(item, {}, { baseline }), params).outcome).toBe('NOT_FIRED');
  });
  test('the same amount as cash at the teller is', () => {
    const item = tx('2026-06-01T10:00:00Z', 30_000, { channel: 'TELLER' });
    expect(baselineDeviation.measure(ruleInput(item, {}, { baseline }), params).outcome).toBe('FIRED');
  });
  test('a check to an individual still is', () => {
    const item = person('2026-06-01T10:00:00Z', 30_000, { channel: 'CHECK' });
    expect(baselineDeviation.measure(ruleInput(item, {}, { baseline }), params).outcome).toBe('FIRED');
  });
});

describe('Large debit vs baseline skips an established business payee', () => {
  const params = paramsOf(baselineDeviationDefaults, 'Large debit vs baseline');
  const baseline = readyBaseline();
  const tax = (at: string) => business(at, 3000, { counterpartyId: 'cp-county' });
  test('the third semi-annual property tax payment does not fire', () => {
    const item = tax('2026-06-01T10:00:00Z');
    const history = [tax('2025-06-05T10:00:00Z'), tax('2025-12-05T10:00:00Z')];
    expect(
      baselineDeviation.measure(ruleInput(item, { transactions: history }, { baseline }), params).outcome,
    ).toBe('NOT_FIRED');
  });
  test('the second one does, and so does the same amount to an individual paid twice', () => {
    const item = tax('2026-06-01T10:00:00Z');
    expect(
      baselineDeviation.measure(
        ruleInput(item, { transactions: [tax('2025-12-05T10:00:00Z')] }, { baseline }),
        params,
      ).outcome,
    ).toBe('FIRED');
    const friend = (at: string) => person(at, 3000, { counterpartyId: 'cp-friend' });
    const history = [friend('2025-06-05T10:00:00Z'), friend('2025-12-05T10:00:00Z')];
    expect(
      baselineDeviation.measure(
        ruleInput(friend('2026-06-01T10:00:00Z'), { transactions: history }, { baseline }),
        params,
      ).outcome,
    ).toBe('FIRED');
  });
});

describe('Contact change then outflow: a move is not a drain', () => {
  const params = paramsOf(accountEventSequenceDefaults, 'Contact change then outflow');
  const moved = ev('2026-06-01T10:00:00Z', 'ADDRESS_CHANGE');
  test('a large ACH to a new care facility after an address change does not fire', () => {
    const item = business('2026-06-05T10:00:00Z', 9000, { channel: 'ACH', counterpartyId: 'cp-facility' });
    expect(accountEventSequence.measure(ruleInput(item, { events: [moved] }), params).outcome).toBe(
      'NOT_FIRED',
    );
  });
  test('a P2P payment to a new individual after it does, and so does a wire to a business', () => {
    const item = person('2026-06-05T10:00:00Z', 1500);
    expect(accountEventSequence.measure(ruleInput(item, { events: [moved] }), params).outcome).toBe('FIRED');
    const wire = business('2026-06-05T10:00:00Z', 9000, { channel: 'WIRE', counterpartyId: 'cp-safe' });
    expect(accountEventSequence.measure(ruleInput(wire, { events: [moved] }), params).outcome).toBe('FIRED');
  });
});

describe('Takeover pattern in account events (before any debit)', () => {
  const params = paramsOf(accountEventSequenceDefaults, 'Takeover pattern in account events');
  const measure = (item: ReturnType<typeof ev>, events: ReturnType<typeof ev>[]) =>
    accountEventSequence.measure(ruleInput(item, { events }), params);

  test('fires on the third different change within 72 hours, naming all three', () => {
    const phone = ev('2026-06-01T10:00:00Z', 'PHONE_CHANGE');
    const device = ev('2026-06-02T10:00:00Z', 'NEW_DEVICE_LOGIN');
    const payee = ev('2026-06-04T09:59:59Z', 'PAYEE_ADDED');
    expect(measure(payee, [phone, device])).toMatchObject({
      outcome: 'FIRED',
      measured: 3,
      threshold: 3,
      eventIds: [phone.id, device.id, payee.id],
    });
  });
  test('does not fire on two, on a third just outside 72 hours, on a repeated type, or on a fourth', () => {
    const phone = ev('2026-06-01T10:00:00Z', 'PHONE_CHANGE');
    const device = ev('2026-06-02T10:00:00Z', 'NEW_DEVICE_LOGIN');
    expect(measure(device, [phone]).outcome).toBe('NOT_FIRED');
    expect(measure(ev('2026-06-04T10:00:01Z', 'PAYEE_ADDED'), [phone, device]).outcome).toBe('NOT_FIRED');
    expect(measure(ev('2026-06-02T11:00:00Z', 'NEW_DEVICE_LOGIN'), [phone, device]).outcome).toBe(
      'NOT_FIRED',
    );
    const payee = ev('2026-06-02T12:00:00Z', 'PAYEE_ADDED');
    expect(measure(ev('2026-06-02T13:00:00Z', 'LIMIT_INCREASE'), [phone, device, payee]).outcome).toBe(
      'NOT_FIRED',
    );
  });
  test('a new phone (password reset and new device) is two changes: no signal', () => {
    const reset = ev('2026-06-01T10:00:00Z', 'PASSWORD_RESET');
    expect(measure(ev('2026-06-01T10:20:00Z', 'NEW_DEVICE_LOGIN'), [reset]).outcome).toBe('NOT_FIRED');
  });
  test('does not fire on a transaction', () => {
    const phone = ev('2026-06-01T10:00:00Z', 'PHONE_CHANGE');
    const device = ev('2026-06-01T11:00:00Z', 'NEW_DEVICE_LOGIN');
    const payee = ev('2026-06-01T12:00:00Z', 'PAYEE_ADDED');
    const item = person('2026-06-01T13:00:00Z', 50);
    expect(
      accountEventSequence.measure(ruleInput(item, { events: [phone, device, payee] }), params).outcome,
    ).toBe('NOT_FIRED');
  });
});

describe('New agent then account changes', () => {
  const params = paramsOf(accountEventSequenceDefaults, 'New agent then account changes');
  test('a new POA then an address and a beneficiary change within 30 days fires as THEFT_FIDUCIARY material', () => {
    const poa = ev('2026-06-01T10:00:00Z', 'POA_ADDED');
    const address = ev('2026-06-10T10:00:00Z', 'ADDRESS_CHANGE');
    const item = ev('2026-06-30T10:00:00Z', 'BENEFICIARY_CHANGE');
    expect(accountEventSequence.measure(ruleInput(item, { events: [poa, address] }), params).outcome).toBe(
      'FIRED',
    );
  });
  test('without the agent, a move and a beneficiary change (a widow’s paperwork) do not', () => {
    const address = ev('2026-06-10T10:00:00Z', 'ADDRESS_CHANGE');
    const phone = ev('2026-06-11T10:00:00Z', 'PHONE_CHANGE');
    const item = ev('2026-06-30T10:00:00Z', 'BENEFICIARY_CHANGE');
    expect(accountEventSequence.measure(ruleInput(item, { events: [address, phone] }), params).outcome).toBe(
      'NOT_FIRED',
    );
  });
});

describe('Balance depletion: bills and invoices are spending, not a drain', () => {
  const params = paramsOf(balanceTrendDefaults, 'Balance depletion');
  const peak = tx('2026-05-20T10:00:00Z', 10_000, {
    direction: 'CREDIT',
    channel: 'ACH',
    balanceAfterMinor: 2_000_000,
  });
  const steps = (make: (at: string, amount: number, balance: number) => Transaction) => [
    make('2026-05-25T10:00:00Z', 4000, 1_600_000),
    make('2026-05-30T10:00:00Z', 4000, 1_200_000),
    make('2026-06-05T10:00:00Z', 4000, 800_000),
  ];
  test('the same fall fires when the money went to people and not when it went to businesses by check', () => {
    const toPeople = steps((at, amount, balance) => person(at, amount, { balanceAfterMinor: balance }));
    const toBusinesses = steps((at, amount, balance) => business(at, amount, { balanceAfterMinor: balance }));
    const fallOf = (debits: Transaction[]) =>
      balanceTrend.measure(ruleInput(debits[2]!, { transactions: [peak, ...debits] }), params).outcome;
    expect(fallOf(toPeople)).toBe('FIRED');
    expect(fallOf(toBusinesses)).toBe('NOT_FIRED');
  });
});

describe('Scam wording skips a merchant’s own name on a card payment', () => {
  const params = paramsOf(keywordDefaults, 'Scam wording');
  test('a card payment at ST LUKES HOSPITAL does not fire; a P2P memo "hospital bill for grandson" does', () => {
    const card = business('2026-06-01T10:00:00Z', 1061, {
      channel: 'CARD',
      merchantCategoryCode: '8062',
      description: 'ST LUKES HOSPITAL',
    });
    expect(keyword.measure(ruleInput(card), params).outcome).toBe('NOT_FIRED');
    const memo = person('2026-06-01T10:00:00Z', 1061, { description: 'hospital bill for grandson' });
    expect(keyword.measure(ruleInput(memo), params).outcome).toBe('FIRED');
  });
});

describe('Large transfer to new payee leaves declared family to the related-party rule', () => {
  const params = paramsOf(newCounterpartyDefaults, 'Large transfer to new payee');
  test('a first 12,000 transfer to a grandchild marked FAMILY does not fire; unmarked, it does', () => {
    const gift = person('2026-06-01T10:00:00Z', 12_000, {
      channel: 'ONLINE_TRANSFER',
      counterpartyRelationship: 'FAMILY',
    });
    expect(newCounterparty.measure(ruleInput(gift), params).outcome).toBe('NOT_FIRED');
    const unmarked = person('2026-06-01T10:00:00Z', 12_000, { channel: 'ONLINE_TRANSFER' });
    expect(newCounterparty.measure(ruleInput(unmarked), params).outcome).toBe('FIRED');
  });

  test('a handwritten check to a new person (a gift, a new helper) is not accused alone; the same sum by P2P or wire is', () => {
    const check = person('2026-06-01T10:00:00Z', 12_000, { channel: 'CHECK' });
    expect(newCounterparty.measure(ruleInput(check), params).outcome).toBe('NOT_FIRED');
    for (const channel of ['P2P', 'WIRE'] as const)
      expect(
        newCounterparty.measure(ruleInput(person('2026-06-01T10:00:00Z', 12_000, { channel })), params)
          .outcome,
      ).toBe('FIRED');
  });
});

describe('corroboration before a case opens', () => {
  const rule = (
    id: string,
    ruleType: FiredRule['rule']['ruleType'],
    severity: 'MEDIUM' | 'HIGH',
    weight = 0.4,
  ) => ({
    rule: { id, name: id, ruleType, version: 1, weight, severity, signalCategory: 'UNDETERMINED' as const },
    measurement: {
      outcome: 'FIRED' as const,
      measured: 1,
      threshold: 1,
      baseline: null,
      reason: 'r',
      transactionIds: ['t-1'],
      eventIds: [],
    },
    category: 'UNDETERMINED' as const,
  });
  const medium = rule('wording', 'KEYWORD', 'MEDIUM');
  const modifier = rule('context', 'CONTEXT_MODIFIER', 'MEDIUM', 0.1);

  test.each([
    ['one medium rule', [medium], false],
    ['one medium rule and the vulnerability modifier', [medium, modifier], false],
    ['two medium rules', [medium, rule('shift', 'BASELINE_DEVIATION', 'MEDIUM')], true],
    ['one HIGH rule', [rule('gift', 'PAYMENT_INSTRUMENT', 'HIGH')], true],
    ['one medium account-event sequence', [rule('cd', 'ACCOUNT_EVENT_SEQUENCE', 'MEDIUM')], true],
    ['one missing benefit (batch only)', [rule('benefit', 'MISSING_EXPECTED_ACTIVITY', 'MEDIUM')], true],
  ] as const)('%s → %s', (_name, fired, expected) => {
    expect(isCorroborated(fired as unknown as FiredRule[])).toBe(expected);
  });

  test.each([
    ['a P2P payment to an individual', { channel: 'P2P', counterpartyType: 'INDIVIDUAL' }, true],
    ['a wire to a business', { channel: 'WIRE', counterpartyType: 'BUSINESS' }, true],
    ['a check to a business', { channel: 'CHECK', counterpartyType: 'BUSINESS' }, false],
    ['a card payment at a shop', { channel: 'CARD', counterpartyType: 'BUSINESS' }, false],
    ['cash with no payee', { channel: 'ATM' }, false],
  ] as const)('one medium rule on %s → %s', (_name, fields, expected) => {
    const debit = tx('2026-06-01T10:00:00Z', 3000, fields);
    expect(isCorroborated([medium, modifier], { kind: 'transaction', transaction: debit })).toBe(expected);
  });

  const item = tx('2026-06-01T10:00:00Z', 3000, { id: 't-1' });
  const score: ItemScore = {
    score: 0.46,
    fired: [medium, modifier],
    insufficientRuleIds: [],
  };
  const ctx = (active: SignalState[]): RaiseContext => ({
    profileId: 'p-1',
    threshold: 0.3,
    groupingWindowDays: 14,
    active,
    raisedKeys: new Set(),
    debitAmounts: new Map([['t-1', 300_000]]),
    newSignalId: () => 's-new',
  });

  test('a lone medium hit over the threshold opens no signal', () => {
    expect(raiseSignal(score, ruleInput(item), ctx([]))).toBeUndefined();
  });

  test('but it joins an open signal of its category', () => {
    const open: SignalState = {
      id: 's-open',
      profileId: 'p-1',
      status: 'ACTIVE',
      category: 'UNDETERMINED',
      severity: 'HIGH',
      score: 0.5,
      evidence: [],
      debits: {},
      amountAtRiskMinor: 0,
      firstSeenMs: Date.parse('2026-05-30T10:00:00Z'),
      lastSeenMs: Date.parse('2026-05-30T10:00:00Z'),
      summary: '',
      batchRunId: null,
      review: null,
    };
    expect(raiseSignal(score, ruleInput(item), ctx([open]))).toMatchObject({
      isNew: false,
      signal: { id: 's-open' },
    });
  });
});
