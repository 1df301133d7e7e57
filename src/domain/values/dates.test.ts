import { describe, expect, test } from 'vitest';
import { ageAt, ageOn, isBeforeBirth, isCalendarDate, parseTimestamp } from './dates.js';

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

describe('ageAt()', () => {
  test.each([
    ['1950-06-15', '2026-06-14T23:59:59.999Z', 75],
    ['1950-06-15', '2026-06-15T00:00:00Z', 76],
    ['1950-06-15', '2026-12-01T12:00:00Z', 76],
    ['1952-02-29', '2026-02-28T23:00:00Z', 73],
    ['1952-02-29', '2026-03-01T00:00:00Z', 74],
  ])('a customer born %s is, at %s (the UTC day of the instant), %i years old', (dob, at, age) => {
    expect(ageAt(dob, Date.parse(at))).toBe(age);
    expect(ageAt(dob, Date.parse(at))).toBe(ageOn(dob, at.slice(0, 10)));
  });
});

describe('parseTimestamp()', () => {
  test.each([
    ['2026-06-01T10:00:00Z', Date.UTC(2026, 5, 1, 10)],
    ['2026-06-01t10:00:00z', Date.UTC(2026, 5, 1, 10)],
    ['2026-06-01T12:00:00+02:00', Date.UTC(2026, 5, 1, 10)],
    ['2026-06-01T05:30:00-04:30', Date.UTC(2026, 5, 1, 10)],
    ['2026-06-01T10:00:00-00:00', Date.UTC(2026, 5, 1, 10)],
    ['2026-06-01T10:00:00.5Z', Date.UTC(2026, 5, 1, 10, 0, 0, 500)],
    ['2026-06-01T10:00:00.123456789Z', Date.UTC(2026, 5, 1, 10, 0, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['0001-01-01T00:00:00Z', -62135596800000],
    ['9999-12-31T23:59:59Z', 253402300799000],
  ])('reads %s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  test.each([
    '2026-12-31T23:59:60Z',
    '0000-01-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-06-01 10:00:00Z',
    '2026-06-01T24:00:00Z',
    '2026-06-01T10:00:00',
    '2026-06-01T10:00:00+24:00',
    '2026-06-01T10:00:00+02:60',
    '2026-06-01T10:00Z',
    '2026-06-01',
    '+02026-06-01T10:00:00Z',
  ])('refuses %s', (text) => {
    expect(parseTimestamp(text)).toBeUndefined();
  });
});

describe('isCalendarDate()', () => {
  test.each([
    ['1941-03-09', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['0000-01-01', false],
    ['1941-13-01', false],
    ['1941-3-9', false],
  ])('%s is %s', (text, expected) => {
    expect(isCalendarDate(text)).toBe(expected);
  });
});

describe('isBeforeBirth()', () => {
  test('the day of birth itself is not before it; the last millisecond of the day before is', () => {
    expect(isBeforeBirth(Date.UTC(1941, 2, 9), '1941-03-09')).toBe(false);
    expect(isBeforeBirth(Date.UTC(1941, 2, 9) - 1, '1941-03-09')).toBe(true);
  });
});
