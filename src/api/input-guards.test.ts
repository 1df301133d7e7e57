import { describe, expect, test } from 'vitest';
import { findNulCharacter, nestsDeeperThan } from './input-guards.js';

describe('nestsDeeperThan()', () => {
  test.each([
    ['{"a":{"b":1}}', 2, false],
    ['{"a":{"b":[1]}}', 2, true],
    ['{"a":"[[[[{{{{"}', 1, false],
    ['{"a":"\\"[[[["}', 1, false],
    ['[[],[],[]]', 2, false],
  ])('%s deeper than %i: %s', (text, depth, expected) => {
    expect(nestsDeeperThan(text, depth)).toBe(expected);
  });
});

describe('findNulCharacter()', () => {
  test.each([
    [{ a: 'ok', b: ['x', { c: 'y\u0000' }] }, 'b[1].c'],
    [{ 'k\u0000': 1 }, 'k\u0000'],
    ['\u0000', ''],
    [{ a: ['fine'], b: 2, c: null }, undefined],
  ])('finds the NUL of %j at %j', (value, path) => {
    expect(findNulCharacter(value)).toBe(path);
  });
});
