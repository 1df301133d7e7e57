import { describe, expect, test } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the defaults are checked the way the rules API validates parameters
import { validatorCompiler } from '../../../api/validation.js';
import type { Transaction } from '../../activity.js';
import { ev, readyBaseline, ruleInput, tx } from '../testing/rule-input.js';
import { accountEventSequence, accountEventSequenceDefaults } from './account-event-sequence.js';

const paramsOf = (name: string) =>
  accountEventSequenceDefaults.find((r) => r.name === name)!.parameters as never;
const contactChange = paramsOf('Contact change then outflow');
const newDevice = paramsOf('New device then transfer');
const agentAdded = paramsOf('Agent added then outflow');
const earlyCd = paramsOf('Early CD withdrawal then outflow');
const staffConcern = paramsOf('Staff concern');

const measure = (
  item: Parameters<typeof ruleInput>[0],
  history: Parameters<typeof ruleInput>[1],
  params: never,
) => accountEventSequence.measure(ruleInput(item, history), params);

const known = (at: string, amount: number, fields: Partial<Transaction> = {}) =>
  tx(at, amount, { channel: 'ONLINE_TRANSFER', counterpartyId: 'cp-landlord', ...fields });

describe('ACCOUNT_EVENT_SEQUENCE measure(), Contact change then outflow', () => {
  const reset = ev('2026-06-01T10:00:00Z', 'PASSWORD_RESET');
  const paidBefore = known('2026-03-01T10:00:00Z', 50);

  test('fires on a debit of 1,000 within 14 days of a password reset, on the floor alone without a READY baseline', () => {
    const item = known('2026-06-15T10:00:00Z', 1000);
    expect(measure(item, { events: [reset], transactions: [paidBefore] }, contactChange)).toMatchObject({
      outcome: 'FIRED',
      measured: 100_000,
      threshold: 100_000,
      baseline: null,
      transactionIds: [item.id],
      eventIds: [reset.id],
    });
  });

  test.each([
    ['is 999.99', '2026-06-02T10:00:00Z', 999.99],
    ['comes 15 days after the reset', '2026-06-16T10:00:00Z', 5000],
    ['comes before the reset', '2026-05-31T10:00:00Z', 5000],
  ])('does not fire when the debit %s', (_name, at, amount) => {
    const item = known(at, amount);
    expect(measure(item, { events: [reset], transactions: [paidBefore] }, contactChange).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test.each([
    [1500, 'FIRED'],
    [1499.99, 'NOT_FIRED'],
  ])('with a READY median debit of 500 the limit is 3 × median: %s answers %s', (amount, outcome) => {
    const item = known('2026-06-02T10:00:00Z', amount);
    const input = ruleInput(
      item,
      { events: [reset], transactions: [paidBefore] },
      { baseline: readyBaseline({ debitAmount: { median: 50_000, mad: 1, p95: 1, p99: 1, max: 1 } }) },
    );
    expect(accountEventSequence.measure(input, contactChange)).toMatchObject(
      outcome === 'FIRED' ? { outcome, threshold: 150_000, baseline: 50_000 } : { outcome },
    );
  });

  test('fires on a payment of any amount to a payee not paid in the 180 days before', () => {
    const change = ev('2026-06-01T10:00:00Z', 'PHONE_CHANGE');
    const item = tx('2026-06-03T10:00:00Z', 200, { channel: 'P2P', counterpartyId: 'cp-new' });
    const paidLongAgo = tx('2025-12-01T10:00:00Z', 50, { channel: 'P2P', counterpartyId: 'cp-new' });
    const result = measure(item, { events: [change], transactions: [paidLongAgo] }, contactChange);
    expect(result).toMatchObject({ outcome: 'FIRED', measured: 20_000, eventIds: [change.id] });
    expect(result.outcome === 'FIRED' && result.reason).toContain('not paid in the previous 180 days');
  });

  test('does not count a payee paid within 180 days, or a card purchase at a new shop, as a new payee', () => {
    const change = ev('2026-06-01T10:00:00Z', 'ADDRESS_CHANGE');
    const item = tx('2026-06-03T10:00:00Z', 200, { channel: 'P2P', counterpartyId: 'cp-new' });
    const paid = tx('2025-12-10T10:00:00Z', 50, { channel: 'P2P', counterpartyId: 'cp-new' });
    expect(measure(item, { events: [change], transactions: [paid] }, contactChange).outcome).toBe(
      'NOT_FIRED',
    );
    const shop = tx('2026-06-03T10:00:00Z', 200, { channel: 'CARD', counterpartyName: 'New Grocer' });
    expect(measure(shop, { events: [change] }, contactChange).outcome).toBe('NOT_FIRED');
  });

  test('ignores a contact change recorded after the debit', () => {
    const item = known('2026-06-01T09:59:59Z', 5000);
    expect(measure(item, { events: [reset], transactions: [paidBefore] }, contactChange).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('answers INSUFFICIENT_HISTORY when a tenant makes the limit purely baseline-relative without a READY baseline', () => {
    const item = known('2026-06-02T10:00:00Z', 5000);
    const params = { ...(contactChange as object), min_amount: 0 } as never;
    expect(measure(item, { events: [reset], transactions: [paidBefore] }, params).outcome).toBe(
      'INSUFFICIENT_HISTORY',
    );
  });
});

describe('ACCOUNT_EVENT_SEQUENCE measure(), New device then transfer', () => {
  const login = ev('2026-06-01T10:00:00Z', 'NEW_DEVICE_LOGIN');

  test.each([
    ['a 1,000 online transfer 48 hours later', '2026-06-03T10:00:00Z', 1000, 'ONLINE_TRANSFER', 'FIRED'],
    ['a 1,000 wire 1 hour later', '2026-06-01T11:00:00Z', 1000, 'WIRE', 'FIRED'],
    ['a 999.99 P2P payment', '2026-06-01T11:00:00Z', 999.99, 'P2P', 'NOT_FIRED'],
    ['an online transfer 49 hours later', '2026-06-03T11:00:00Z', 5000, 'ONLINE_TRANSFER', 'NOT_FIRED'],
    ['a 5,000 card payment', '2026-06-01T11:00:00Z', 5000, 'CARD', 'NOT_FIRED'],
  ] as const)('after a new-device login, %s answers %s', (_name, at, amount, channel, outcome) => {
    const item = tx(at, amount, { channel });
    expect(measure(item, { events: [login] }, newDevice).outcome).toBe(outcome);
  });

  test('ignores a limit increase after the transfer', () => {
    const item = tx('2026-06-01T10:00:00Z', 5000, { channel: 'WIRE' });
    const later = ev('2026-06-01T10:00:01Z', 'LIMIT_INCREASE');
    expect(measure(item, { events: [later] }, newDevice).outcome).toBe('NOT_FIRED');
  });
});

describe('ACCOUNT_EVENT_SEQUENCE measure(), Agent added then outflow', () => {
  const poa = ev('2026-06-01T10:00:00Z', 'POA_ADDED', { partyId: 'cp-son', partyName: 'Sam Son' });
  const byAgent = tx('2026-06-10T10:00:00Z', 1200, { channel: 'ONLINE_TRANSFER', initiatedBy: 'FIDUCIARY' });
  const toAgent = (at: string, amount: number) =>
    tx(at, amount, { channel: 'CHECK', counterpartyId: 'cp-son' });

  test('fires when debits initiated by or paid to the new agent total 2,000 within 60 days', () => {
    const item = toAgent('2026-07-31T10:00:00Z', 800);
    const result = measure(item, { events: [poa], transactions: [byAgent] }, agentAdded);
    expect(result).toMatchObject({
      outcome: 'FIRED',
      measured: 200_000,
      threshold: 200_000,
      baseline: null,
      transactionIds: [byAgent.id, item.id],
      eventIds: [poa.id],
    });
    expect(result.outcome === 'FIRED' && result.reason).toContain('Sam Son');
  });

  test.each([
    ['they total 1,999.99', '2026-07-31T10:00:00Z', 799.99],
    ['the debit comes 61 days after the event', '2026-08-01T10:00:00Z', 800],
  ])('does not fire when %s', (_name, at, amount) => {
    const item = toAgent(at, amount);
    expect(measure(item, { events: [poa], transactions: [byAgent] }, agentAdded).outcome).toBe('NOT_FIRED');
  });

  test('the limit rises to the monthly outflow median when the baseline is READY', () => {
    const item = toAgent('2026-06-20T10:00:00Z', 800);
    const input = ruleInput(
      item,
      { events: [poa], transactions: [byAgent] },
      { baseline: readyBaseline({ monthlyOutflowMedian: 300_000 }) },
    );
    expect(accountEventSequence.measure(input, agentAdded).outcome).toBe('NOT_FIRED');
    const bigger = toAgent('2026-06-20T10:00:00Z', 1800);
    const biggerInput = ruleInput(
      bigger,
      { events: [poa], transactions: [byAgent] },
      { baseline: readyBaseline({ monthlyOutflowMedian: 300_000 }) },
    );
    expect(accountEventSequence.measure(biggerInput, agentAdded)).toMatchObject({
      outcome: 'FIRED',
      measured: 300_000,
      threshold: 300_000,
      baseline: 300_000,
    });
  });

  test('counts neither debits before the event, nor debits by another kind of agent, nor a scored debit unrelated to the party', () => {
    const before = toAgent('2026-05-31T10:00:00Z', 5000);
    const byAuthorizedUser = tx('2026-06-05T10:00:00Z', 5000, { initiatedBy: 'AUTHORIZED_USER' });
    const item = toAgent('2026-06-20T10:00:00Z', 800);
    const input = { events: [poa], transactions: [before, byAuthorizedUser] };
    expect(measure(item, input, agentAdded)).toMatchObject({ outcome: 'NOT_FIRED' });
    const unrelated = tx('2026-06-20T10:00:00Z', 5000, { channel: 'CHECK', counterpartyId: 'cp-roofer' });
    expect(measure(unrelated, { events: [poa], transactions: [byAgent] }, agentAdded).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('ignores debits after the scored one', () => {
    const item = toAgent('2026-06-20T10:00:00Z', 700);
    const later = toAgent('2026-06-21T10:00:00Z', 5000);
    expect(measure(item, { events: [poa], transactions: [byAgent, later] }, agentAdded).outcome).toBe(
      'NOT_FIRED',
    );
  });

  test('answers INSUFFICIENT_HISTORY when a tenant makes the limit purely baseline-relative without a READY baseline', () => {
    const item = toAgent('2026-06-20T10:00:00Z', 800);
    const params = { ...(agentAdded as object), min_amount: 0 } as never;
    expect(measure(item, { events: [poa] }, params).outcome).toBe('INSUFFICIENT_HISTORY');
  });
});

describe('ACCOUNT_EVENT_SEQUENCE measure(), Early CD withdrawal then outflow', () => {
  const cd = ev('2026-06-01T10:00:00Z', 'CD_EARLY_WITHDRAWAL');

  test.each([
    ['5,000 within 14 days', '2026-06-15T10:00:00Z', 5000, 'FIRED'],
    ['4,999.99', '2026-06-02T10:00:00Z', 4999.99, 'NOT_FIRED'],
    ['5,000 a day after the 14 days', '2026-06-16T10:00:00Z', 5000, 'NOT_FIRED'],
  ])('a debit of %s answers %s', (_name, at, amount, outcome) => {
    expect(measure(tx(at, amount, { channel: 'CHECK' }), { events: [cd] }, earlyCd).outcome).toBe(outcome);
  });

  test('ignores an early withdrawal after the debit', () => {
    const item = tx('2026-05-30T10:00:00Z', 9000);
    expect(measure(item, { events: [cd] }, earlyCd).outcome).toBe('NOT_FIRED');
  });
});

describe('ACCOUNT_EVENT_SEQUENCE measure(), Staff concern', () => {
  test('fires on the staff concern event itself, with the event as evidence', () => {
    const concern = ev('2026-06-01T10:00:00Z', 'STAFF_CONCERN', { details: { note: 'confused at branch' } });
    expect(measure(concern, {}, staffConcern)).toMatchObject({
      outcome: 'FIRED',
      measured: 1,
      threshold: 1,
      baseline: null,
      reason: 'A staff concern was recorded.',
      transactionIds: [],
      eventIds: [concern.id],
    });
  });

  test('does not fire on other events, nor on a debit after a staff concern', () => {
    const concern = ev('2026-06-01T10:00:00Z', 'STAFF_CONCERN');
    expect(measure(ev('2026-06-01T10:00:00Z', 'LOGIN'), { events: [concern] }, staffConcern).outcome).toBe(
      'NOT_FIRED',
    );
    expect(measure(tx('2026-06-01T11:00:00Z', 9000), { events: [concern] }, staffConcern).outcome).toBe(
      'NOT_FIRED',
    );
  });
});

test('every ACCOUNT_EVENT_SEQUENCE default rule validates against the parameter schema', () => {
  const validate = validatorCompiler({
    schema: accountEventSequence.parameters,
    httpPart: 'body',
    method: 'POST',
    url: '/',
  }) as (data: unknown) => boolean;
  for (const rule of accountEventSequenceDefaults) {
    expect(rule.ruleType).toBe(accountEventSequence.type);
    expect(validate(structuredClone(rule.parameters))).toBe(true);
  }
  expect(validate({ trigger_events: [] })).toBe(false);
  expect(validate({ trigger_events: ['LOGIN'], window_hours: 0 })).toBe(false);
  expect(validate({ trigger_events: ['LOGIN'], then: {} })).toBe(false);
});
