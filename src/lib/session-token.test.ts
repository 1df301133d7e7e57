import { describe, expect, test } from 'vitest';
import {
  cookieValues,
  csrfTokenOf,
  generateSessionToken,
  hashSessionToken,
  isCookieValue,
  serializeCookie,
} from './session-token.js';

describe('session tokens and cookies', () => {
  test('session IDs are 256 random bits; the stored hash and the CSRF token differ from the ID and each other', () => {
    const token = generateSessionToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSessionToken()).not.toBe(token);
    expect(hashSessionToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(csrfTokenOf(token)).toBe(csrfTokenOf(token));
    expect(new Set([token, hashSessionToken(token), csrfTokenOf(token)]).size).toBe(3);
    expect(csrfTokenOf(generateSessionToken())).not.toBe(csrfTokenOf(token));
  });

  test('reads every value of a cookie name, in order, ignoring other cookies and look-alike names', () => {
    const header =
      'theme=dark; vigil_session=abc; xvigil_session=evil; vigil_session_x=1; vigil_session = def';
    expect(cookieValues(header, 'vigil_session')).toEqual(['abc', 'def']);
    expect(cookieValues(undefined, 'vigil_session')).toEqual([]);
    expect(cookieValues('vigil_session', 'vigil_session')).toEqual([]);
  });

  test('accepts only RFC 6265 cookie octets', () => {
    expect(isCookieValue(generateSessionToken())).toBe(true);
    for (const bad of ['', 'a b', 'a;b', 'a,b', 'a"b', 'a\\b', 'é', 'x'.repeat(513)])
      expect(isCookieValue(bad)).toBe(false);
  });

  test('serialises with Path=/ and SameSite=Strict, HttpOnly and Secure on request', () => {
    expect(serializeCookie('vigil_session', 'v', { httpOnly: true, secure: true })).toBe(
      'vigil_session=v; Path=/; SameSite=Strict; HttpOnly; Secure',
    );
    expect(serializeCookie('vigil_csrf', '', { httpOnly: false, secure: false, maxAge: 0 })).toBe(
      'vigil_csrf=; Path=/; SameSite=Strict; Max-Age=0',
    );
  });
});
