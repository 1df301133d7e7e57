import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SessionConfig } from '../config.js';
import { cookieValues, isCookieValue, serializeCookie } from '../lib/session-token.js';

export const SESSION_COOKIE = 'vigil_session';
export const CSRF_COOKIE = 'vigil_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change state; with a session cookie they need the CSRF header. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

/**
 * The session cookie's value: undefined when there is none, null when what was sent cannot be a
 * session of ours (malformed, or sent twice, which is how a sibling subdomain would plant one).
 */
export function sessionTokenOf(request: FastifyRequest): string | null | undefined {
  const values = cookieValues(request.headers.cookie, SESSION_COOKIE);
  if (values.length === 0) return undefined;
  const [value] = values;
  return values.length === 1 && value !== undefined && isCookieValue(value) ? value : null;
}

function secure(config: SessionConfig, request: FastifyRequest): boolean {
  if (config.cookieSecure === 'always') return true;
  if (config.cookieSecure === 'never') return false;
  return request.protocol === 'https';
}

/** Sets the session cookie (HttpOnly) and the CSRF cookie (readable by the page's script). */
export function setSessionCookies(
  reply: FastifyReply,
  config: SessionConfig,
  token: string,
  csrfToken: string,
): void {
  const isSecure = secure(config, reply.request);
  // Browser-session cookies (no Max-Age): closing the browser forgets them; the server enforces expiry.
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, token, { httpOnly: true, secure: isSecure }),
    serializeCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, secure: isSecure }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply, config: SessionConfig): void {
  const isSecure = secure(config, reply.request);
  reply.header('set-cookie', [
    serializeCookie(SESSION_COOKIE, '', { httpOnly: true, secure: isSecure, maxAge: 0 }),
    serializeCookie(CSRF_COOKIE, '', { httpOnly: false, secure: isSecure, maxAge: 0 }),
  ]);
}
