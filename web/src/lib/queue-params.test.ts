import { describe, expect, test } from 'vitest';
import { emptyQueueReason, parseQueueFilters, toApiQuery, toSearchParams } from './queue-params';

describe('queue filters in the URL', () => {
  test('round-trips every filter through the query string', () => {
    const filters = parseQueueFilters(
      new URLSearchParams(
        'sort=-amount_at_risk&severity=HIGH&category=SCAM_ROMANCE&assignee=me&min_amount=500',
      ),
    );
    expect(filters).toEqual({
      sort: '-amount_at_risk',
      severity: 'HIGH',
      category: 'SCAM_ROMANCE',
      assignee: 'me',
      minAmount: 500,
    });
    expect(parseQueueFilters(toSearchParams(filters))).toEqual(filters);
  });

  test('drops unknown values and defaults the sort to severity, highest first', () => {
    const filters = parseQueueFilters(
      new URLSearchParams('sort=nope&severity=HUGE&assignee=bob&min_amount=-3'),
    );
    expect(filters).toEqual({
      sort: '-severity',
      severity: null,
      category: null,
      assignee: null,
      minAmount: null,
    });
    expect(toSearchParams(filters).toString()).toBe('');
  });

  test('asks the API for ACTIVE signals with the contract filter names', () => {
    const query = toApiQuery(
      parseQueueFilters(new URLSearchParams('assignee=unassigned&min_amount=100&sort=age')),
    );
    expect(query).toEqual({
      status: 'ACTIVE',
      sort: 'age',
      severity: undefined,
      category: undefined,
      assignee: 'unassigned',
      min_amount_at_risk: 100,
    });
  });

  test('explains an empty queue by its filters, or says everything is reviewed', () => {
    expect(emptyQueueReason(parseQueueFilters(new URLSearchParams()))).toMatch(
      /every signal .* has been reviewed/,
    );
    const reason = emptyQueueReason(parseQueueFilters(new URLSearchParams('severity=LOW&assignee=me')));
    expect(reason).toContain('severity LOW');
    expect(reason).toContain('assigned to you');
    expect(reason).toContain('Clear the filters');
  });
});
