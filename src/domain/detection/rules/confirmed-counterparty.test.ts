import { describe, expect, test } from 'vitest';
// Parameters are checked with the rules API's own validator (test-only import across the domain boundary).
// eslint-disable-next-line no-restricted-imports
import { validatorCompiler } from '../../../api/validation.js';
import type { Transaction } from '../../activity.js';
import { confirmationsInForce, type Confirmation } from '../confirmed-counterparties.js';
import { ruleInput, tx } from '../testing/rule-input.js';
import { confirmedCounterparty, confirmedCounterpartyDefaults } from './confirmed-counterparty.js';

const params = confirmedCounterpartyDefaults[0]!.parameters as { min_amount_minor: number };
const REVIEWED_UNTIL = Date.parse('2026-05-01T00:00:00Z');
const own: Confirmation = {
  counterpartyId: 'CP-SCAMMER',
  signalId: 'sig-own',
  profileId: 'p-1',
  afterMs: REVIEWED_UNTIL,
  listed: true,
};
const elsewhere: Confirmation = { ...own, signalId: 'sig-other', profileId: 'p-2' };

const measure = (
  fields: Partial<Transaction>,
  confirmations: readonly Confirmation[] = [own],
  options: { watchList?: boolean; at?: string; parameters?: { min_amount_minor: number } } = {},
) =>
  confirmedCounterparty.measure(
    ruleInput(
      tx(options.at ?? '2026-05-02T10:00:00Z', 900, { counterpartyId: 'CP-SCAMMER', ...fields }),
      {},
      {
        confirmedCounterparties: confirmationsInForce(confirmations, 'p-1', options.watchList ?? false),
      },
    ),
    options.parameters ?? params,
  );

describe('CONFIRMED_COUNTERPARTY measure()', () => {
  test('fires on a later debit to a counterparty confirmed on this profile, naming the confirmed signal', () => {
    const result = measure({});
    expect(result).toMatchObject({
      outcome: 'FIRED',
      measured: 90_000,
      threshold: 0,
      baseline: null,
      money: true,
      eventIds: [],
    });
    expect(result.outcome === 'FIRED' && result.reason).toBe(
      'A debit of 900.00 went to counterparty CP-SCAMMER, confirmed as exploitation of this customer in signal sig-own.',
    );
  });

  test.each<[string, Partial<Transaction>, string | undefined, string]>([
    ['a credit from the confirmed counterparty', { direction: 'CREDIT' }, undefined, 'NOT_FIRED'],
    ['a debit to a different counterparty', { counterpartyId: 'CP-GROCER' }, undefined, 'NOT_FIRED'],
    ['a debit with no counterparty', { counterpartyId: null }, undefined, 'NOT_FIRED'],
    ['a debit at the confirmed signal’s last evidence time', {}, '2026-05-01T00:00:00Z', 'NOT_FIRED'],
    ['a debit one millisecond after it', {}, '2026-05-01T00:00:00.001Z', 'FIRED'],
  ])('%s gives %s', (_case, fields, at, outcome) => {
    expect(measure(fields, [own], at === undefined ? {} : { at }).outcome).toBe(outcome);
  });

  test('does not fire when nothing was confirmed (the confirmation was withdrawn by a reopen)', () => {
    expect(measure({}, []).outcome).toBe('NOT_FIRED');
    expect(
      confirmedCounterparty.measure(
        ruleInput(tx('2026-05-02T10:00:00Z', 900, { counterpartyId: 'X' })),
        params,
      ).outcome,
    ).toBe('NOT_FIRED');
  });

  test('another profile’s confirmation counts only with the watch list on and the counterparty listed', () => {
    expect(measure({}, [elsewhere], { watchList: false }).outcome).toBe('NOT_FIRED');
    expect(measure({}, [{ ...elsewhere, listed: false }], { watchList: true }).outcome).toBe('NOT_FIRED');
    const fired = measure({}, [elsewhere], { watchList: true });
    expect(fired.outcome === 'FIRED' && fired.reason).toBe(
      'A debit of 900.00 went to counterparty CP-SCAMMER, on the watch list: confirmed as exploitation of another customer in signal sig-other.',
    );
  });

  test('a debit below min_amount_minor does not fire; at it, it does', () => {
    const parameters = { min_amount_minor: 90_001 };
    expect(measure({}, [own], { parameters }).outcome).toBe('NOT_FIRED');
    expect(measure({}, [own], { parameters: { min_amount_minor: 90_000 } }).outcome).toBe('FIRED');
  });

  test('accepts its default parameters and refuses unknown or out-of-range ones', () => {
    const validate = validatorCompiler({
      schema: confirmedCounterparty.parameters,
      httpPart: 'body',
      method: 'POST',
      url: '/',
    });
    for (const row of confirmedCounterpartyDefaults)
      expect(validate(structuredClone(row.parameters))).toBe(true);
    expect(validate({ min_amount_minor: -1 })).toBe(false);
    expect(validate({ watch_list: false })).toBe(false);
  });
});

describe('confirmationsInForce()', () => {
  test('prefers the profile’s own confirmation, then the earliest listed one of another profile', () => {
    const laterOwn = { ...own, signalId: 'sig-own-2', afterMs: REVIEWED_UNTIL + 10 };
    const earlierOther = { ...elsewhere, afterMs: REVIEWED_UNTIL - 10 };
    const onlyOther = { ...elsewhere, counterpartyId: 'CP-MULE', signalId: 'sig-mule' };
    const map = confirmationsInForce([earlierOther, laterOwn, own, onlyOther], 'p-1', true);
    expect(map.get('CP-SCAMMER')).toEqual({
      counterpartyId: 'CP-SCAMMER',
      signalId: 'sig-own',
      profileId: 'p-1',
      afterMs: REVIEWED_UNTIL,
      ownProfile: true,
    });
    expect(map.get('CP-MULE')?.ownProfile).toBe(false);
    expect([...confirmationsInForce([earlierOther, onlyOther], 'p-1', false).keys()]).toEqual([]);
  });
});
