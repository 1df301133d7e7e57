import { describe, expect, test } from 'vitest';
import { decideGrant, type Grantor, type KeyGrant } from './grants.js';

const grantor: Grantor = {
  scopes: ['profiles:read', 'api_keys:manage'],
  expiresAtMs: 1_000,
  rateLimitPerMinute: 60,
  defaultRateLimitPerMinute: 6000,
};
const request = (overrides: Partial<KeyGrant>): KeyGrant => ({
  scopes: ['profiles:read'],
  expiresAtMs: null,
  rateLimitPerMinute: null,
  ...overrides,
});

describe('decideGrant()', () => {
  test.each([
    [
      'a scope the grantor lacks',
      { scopes: ['profiles:write'] },
      'API key lacks required scope: profiles:write',
    ],
    [
      'an expiry after the grantor’s',
      { expiresAtMs: 1_001 },
      "expires_at must not be later than the API key's own expiry",
    ],
    [
      'a rate limit above the grantor’s',
      { rateLimitPerMinute: 61 },
      "rate_limit_per_minute must not be above the API key's own limit (60)",
    ],
  ] as const)('refuses %s', (_name, overrides, message) => {
    expect(decideGrant(grantor, request(overrides as Partial<KeyGrant>))).toEqual({
      kind: 'refused',
      message,
    });
  });

  test.each([
    [
      'the same expiry and limit',
      { expiresAtMs: 1_000, rateLimitPerMinute: 60 },
      { expiresAtMs: 1_000, rateLimitPerMinute: 60 },
    ],
    ['nothing set: the grantor’s expiry and limit', {}, { expiresAtMs: 1_000, rateLimitPerMinute: 60 }],
    [
      'a sooner expiry and a lower limit',
      { expiresAtMs: 500, rateLimitPerMinute: 1 },
      { expiresAtMs: 500, rateLimitPerMinute: 1 },
    ],
  ] as const)('grants %s', (_name, overrides, expected) => {
    const decision = decideGrant(grantor, request(overrides));
    expect(decision).toEqual({ kind: 'granted', grant: { scopes: ['profiles:read'], ...expected } });
  });

  test('a grantor at the environment default grants up to that default and leaves an unset limit unset', () => {
    const atDefault = { ...grantor, expiresAtMs: null, rateLimitPerMinute: null };
    expect(decideGrant(atDefault, request({ rateLimitPerMinute: 6001 })).kind).toBe('refused');
    expect(decideGrant(atDefault, request({ rateLimitPerMinute: 6000 })).kind).toBe('granted');
    expect(decideGrant(atDefault, request({}))).toEqual({
      kind: 'granted',
      grant: { scopes: ['profiles:read'], expiresAtMs: null, rateLimitPerMinute: null },
    });
  });
});
