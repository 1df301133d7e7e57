import { Value } from 'typebox/value';
import { describe, expect, test } from 'vitest';
import type { Transaction } from '../../activity.js';
import { ev, ruleInput, tx } from '../testing/rule-input.js';
import { keyword, keywordDefaults } from './keyword.js';

const NOW = '2026-06-10T12:00:00Z';
const scamWording = keywordDefaults[0]!.parameters as never;

const measure = (description: string | null, fields: Partial<Transaction> = {}) =>
  keyword.measure(ruleInput(tx(NOW, 900, { channel: 'P2P', description, ...fields })), scamWording);

describe('KEYWORD parameters', () => {
  test('the default rule "Scam wording" validates against the schema', () => {
    expect(keywordDefaults.map((r) => [r.name, r.ruleType, r.signalCategory])).toEqual([
      ['Scam wording', 'KEYWORD', 'UNDETERMINED'],
    ]);
    expect(Value.Check(keyword.parameters, keywordDefaults[0]!.parameters)).toBe(true);
  });

  test.each([
    ['a group without keywords', { min_amount: 0, groups: [{ category: 'SCAM_OTHER', keywords: [] }] }],
    ['an unknown category', { min_amount: 0, groups: [{ category: 'SCAM_ALIEN', keywords: ['ufo'] }] }],
    ['an empty keyword', { min_amount: 0, groups: [{ category: 'SCAM_OTHER', keywords: [''] }] }],
  ])('refuses %s', (_what, parameters) => {
    expect(Value.Check(keyword.parameters, parameters)).toBe(false);
  });
});

describe('KEYWORD "Scam wording"', () => {
  test.each([
    ['Tech Support renewal', 'SCAM_TECH_SUPPORT'],
    ['VIRUS REMOVAL SVC', 'SCAM_TECH_SUPPORT'],
    ['Sweepstakes processing', 'SCAM_LOTTERY_SWEEPSTAKES'],
    ['Processing fee', 'SCAM_LOTTERY_SWEEPSTAKES'],
    ['IRS back taxes', 'SCAM_GOVERNMENT_IMPOSTER'],
    ['social-security suspension', 'SCAM_GOVERNMENT_IMPOSTER'],
    ['customs clearance', 'SCAM_GOVERNMENT_IMPOSTER'],
    ['bail for grandson', 'SCAM_PERSON_IN_NEED'],
    ['crypto trading account', 'SCAM_INVESTMENT'],
    ['Customs fee for parcel', 'SCAM_ROMANCE'],
    ['flight ticket, love', 'SCAM_ROMANCE'],
  ])('matches "%s" as %s', (description, category) => {
    expect(measure(description)).toMatchObject({ outcome: 'FIRED', category });
  });

  test('explains the phrase that decided the category', () => {
    const result = measure('Customs fee for parcel');
    expect(result).toMatchObject({ measured: 3, threshold: 1, baseline: null });
    expect(result.outcome === 'FIRED' && result.reason).toBe(
      'A P2P debit of 900.00 described as "Customs fee for parcel" uses the wording "customs fee", typical of SCAM_ROMANCE.',
    );
  });

  test.each([
    ['a keyword inside a longer word', 'Feedback for taxi'],
    ['no keyword', 'Groceries'],
    ['no description', null],
  ])('does not fire on %s', (_case, description) => {
    expect(measure(description).outcome).toBe('NOT_FIRED');
  });

  test.each([
    ['initiated by the institution', { initiatedBy: 'INSTITUTION' }],
    ['a credit', { direction: 'CREDIT' }],
  ] as const)('does not fire on a debit %s', (_case, fields) => {
    expect(measure('Wire fee', fields).outcome).toBe('NOT_FIRED');
  });

  test('does not fire on events', () => {
    expect(keyword.measure(ruleInput(ev(NOW, 'STAFF_CONCERN')), scamWording).outcome).toBe('NOT_FIRED');
  });

  test('gives a tie between equally long phrases to the first group listed', () => {
    const groups = [
      { category: 'SCAM_OTHER', keywords: ['gift'] },
      { category: 'SCAM_ROMANCE', keywords: ['love'] },
    ];
    const item = tx(NOW, 10, { description: 'love gift' });
    expect(keyword.measure(ruleInput(item), { groups, min_amount: 0 } as never)).toMatchObject({
      category: 'SCAM_OTHER',
    });
  });

  test('does not fire below min_amount', () => {
    const item = tx(NOW, 49.99, { description: 'prize' });
    const groups = [{ category: 'SCAM_LOTTERY_SWEEPSTAKES', keywords: ['prize'] }];
    expect(keyword.measure(ruleInput(item), { groups, min_amount: 50 } as never).outcome).toBe('NOT_FIRED');
  });
});
