import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A new opaque session ID for the cookie: 256 random bits, base64url (43 characters). */
export function generateSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored instead of the session ID: high-entropy, so a plain SHA-256 is enough (as for API keys). */
export function hashSessionToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/**
 * The session's CSRF token, derived from its ID: the server can give it back (GET /auth/me) without
 * storing it, and knowing it reveals nothing of the session ID (a preimage of SHA-256).
 */
export function csrfTokenOf(sessionToken: string): string {
  return hash('sha256', `vigil-csrf\u0000${sessionToken}`, 'base64url');
}

export function tokensEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

// RFC 6265 cookie-octets: no control characters, whitespace, DQUOTE, comma, semicolon or backslash.
const COOKIE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]{1,512}$/;

/**
 * The values of one cookie in a Cookie header, in the order sent. More than one means someone set a
 * second cookie of that name (e.g. from a sibling subdomain); callers refuse that rather than guess.
 */
export function cookieValues(header: string | undefined, name: string): string[] {
  if (header === undefined || header === '') return [];
  const values: string[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    values.push(part.slice(eq + 1).trim());
  }
  return values;
}

export function isCookieValue(value: string): boolean {
  return COOKIE_VALUE.test(value);
}

export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  /** Seconds; 0 deletes the cookie. Absent: a browser-session cookie. */
  maxAge?: number;
}

/** A Set-Cookie value; always Path=/ and SameSite=Strict (README "Users, sessions and roles"). */
export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Strict'];
  if (options.httpOnly) parts.push('HttpOnly');
  if (options.secure) parts.push('Secure');
  if (options.maxAge !== undefined) parts.push(`Max-Age=${options.maxAge}`);
  return parts.join('; ');
}
