import { describe, expect, test } from 'vitest';
import { decideSuppression, isSuppressed, type Suppression } from './suppression.js';

const DAY = 86_400_000;
const base: Suppression = {
  id: 's1',
  profileId: 'p1',
  counterpartyId: 'GRANDSON',
  ruleIds: ['r-new-payee'],
  signalId: 'sig',
  category: 'SCAM_PERSON_IN_NEED',
  reason: 'KNOWN_COUNTERPARTY',
  createdAtMs: 0,
  expiresAtMs: 30 * DAY,
};

describe('isSuppressed()', () => {
  test.each([
    ['the same profile, counterparty and rule before expiry', { ruleId: 'r-new-payee' }, 29 * DAY, true],
    ['any rule when the item names none', {}, DAY, true],
    ['exactly at expiry', { ruleId: 'r-new-payee' }, 30 * DAY, false],
    ['after expiry', { ruleId: 'r-new-payee' }, 31 * DAY, false],
    ['another rule', { ruleId: 'r-velocity' }, DAY, false],
    ['another counterparty', { counterpartyId: 'STRANGER', ruleId: 'r-new-payee' }, DAY, false],
    ['an item without counterparty', { counterpartyId: null }, DAY, false],
    ['another profile', { profileId: 'p2' }, DAY, false],
  ])('%s → %s', (_name, overrides, nowMs, expected) => {
    const item = { profileId: 'p1', counterpartyId: 'GRANDSON', ...overrides };
    expect(isSuppressed([base], item, nowMs)).toBe(expected);
  });

  test('a suppression without counterparty or rules covers every item of the profile', () => {
    const broad = { ...base, counterpartyId: null, ruleIds: [] };
    expect(isSuppressed([broad], { profileId: 'p1', counterpartyId: null, ruleId: 'x' }, DAY)).toBe(true);
    expect(isSuppressed([], { profileId: 'p1', counterpartyId: null }, DAY)).toBe(false);
  });
});

describe('decideSuppression()', () => {
  const cps = new Set(['GRANDSON']);
  test.each([
    ['DISMISSED', 'KNOWN_COUNTERPARTY', true],
    ['DISMISSED', 'LEGITIMATE_ACTIVITY', true],
    ['DISMISSED', 'CUSTOMER_VERIFIED', false],
    ['DISMISSED', null, false],
    ['CONFIRMED', 'KNOWN_COUNTERPARTY', false],
  ])('%s with %s may suppress: %s', (status, reason, ok) => {
    expect(decideSuppression({ status, reason }, { counterpartyId: null, days: 2 }, cps, 1000)).toEqual(
      ok ? { ok: true, expiresAtMs: 1000 + 2 * DAY } : { ok: false, reason: 'NOT_A_BENIGN_DISMISSAL' },
    );
  });

  test('refuses a counterparty the signal never paid', () => {
    const review = { status: 'DISMISSED', reason: 'KNOWN_COUNTERPARTY' };
    expect(decideSuppression(review, { counterpartyId: 'OTHER', days: 1 }, cps, 0)).toEqual({
      ok: false,
      reason: 'COUNTERPARTY_NOT_IN_SIGNAL',
    });
    expect(decideSuppression(review, { counterpartyId: 'GRANDSON', days: 1 }, cps, 0).ok).toBe(true);
  });
});
