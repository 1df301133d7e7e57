import { describe, expect, test } from 'vitest';
import { ageOn } from './dates.js';

describe('ageOn()', () => {
  test.each([
    ['1950-06-15', '2026-06-14', 75],
    ['1950-06-15', '2026-06-15', 76],
    ['1950-06-15', '2026-12-01', 76],
    ['1952-02-29', '2026-02-28', 73],
    ['1952-02-29', '2026-03-01', 74],
  ])('a customer born %s is, on %s, %i years old', (dob, day, age) => {
    expect(ageOn(dob, day)).toBe(age);
  });
});
