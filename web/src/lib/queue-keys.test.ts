import { describe, expect, test } from 'vitest';
import { queueKeyAction } from './queue-keys';

const free = { inField: false, modifier: false };

describe('queueKeyAction()', () => {
  test.each([
    ['j', 0, { type: 'move', index: 1 }],
    ['j', 2, { type: 'move', index: 2 }],
    ['k', 0, { type: 'move', index: 0 }],
    ['k', 2, { type: 'move', index: 1 }],
    ['Enter', 1, { type: 'open', index: 1 }],
    ['a', 1, { type: 'assign-me', index: 1 }],
    ['c', 0, { type: 'review', index: 0, status: 'CONFIRMED' }],
    ['d', 2, { type: 'review', index: 2, status: 'DISMISSED' }],
    ['x', 0, { type: 'none' }],
  ])('maps %s at row %i of 3 to %o', (key, current, action) => {
    expect(queueKeyAction(key, current, 3, free)).toEqual(action);
  });

  test('ignores keys typed into a field or with a modifier, and keys on an empty queue', () => {
    expect(queueKeyAction('j', 0, 3, { inField: true, modifier: false })).toEqual({ type: 'none' });
    expect(queueKeyAction('c', 0, 3, { inField: false, modifier: true })).toEqual({ type: 'none' });
    expect(queueKeyAction('j', 0, 0, free)).toEqual({ type: 'none' });
  });

  test('clamps a focus left past the end of a shorter page', () => {
    expect(queueKeyAction('Enter', 7, 3, free)).toEqual({ type: 'open', index: 2 });
  });
});
