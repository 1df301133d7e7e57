import type { Scope } from '../values/enums.js';

/** What the minting caller holds: a key's own scopes, expiry and rate limit (api.md §2). */
export interface Grantor {
  scopes: readonly Scope[];
  /** null: the grantor never expires (an API key without expiry, or a signed-in user). */
  expiresAtMs: number | null;
  /** The grantor's own override, or null when it runs at the environment default. */
  rateLimitPerMinute: number | null;
  /** The environment's default limit, which a grantor without an override runs at. */
  defaultRateLimitPerMinute: number;
}

export interface KeyGrant {
  scopes: readonly Scope[];
  expiresAtMs: number | null;
  rateLimitPerMinute: number | null;
}

export type GrantDecision = { kind: 'granted'; grant: KeyGrant } | { kind: 'refused'; message: string };

/** The first scope of `needed` that `held` lacks, or undefined when every one is held. */
export function findMissingScope(held: readonly Scope[], needed: readonly Scope[]): Scope | undefined {
  return needed.find((scope) => !held.includes(scope));
}

/**
 * Decides a new key's grant: it may hold only what its grantor holds (issue 12, finding 5): scopes
 * a subset, expiry no later, rate limit no higher. An unset expiry or rate limit is the grantor's,
 * so an omitted field never widens the grant.
 */
export function decideGrant(grantor: Grantor, requested: KeyGrant): GrantDecision {
  const missing = findMissingScope(grantor.scopes, requested.scopes);
  if (missing) return { kind: 'refused', message: `API key lacks required scope: ${missing}` };
  if (
    grantor.expiresAtMs !== null &&
    requested.expiresAtMs !== null &&
    requested.expiresAtMs > grantor.expiresAtMs
  ) {
    return { kind: 'refused', message: "expires_at must not be later than the API key's own expiry" };
  }
  const ownLimit = grantor.rateLimitPerMinute ?? grantor.defaultRateLimitPerMinute;
  if (requested.rateLimitPerMinute !== null && requested.rateLimitPerMinute > ownLimit) {
    return {
      kind: 'refused',
      message: `rate_limit_per_minute must not be above the API key's own limit (${ownLimit})`,
    };
  }
  return {
    kind: 'granted',
    grant: {
      scopes: requested.scopes,
      expiresAtMs: requested.expiresAtMs ?? grantor.expiresAtMs,
      rateLimitPerMinute: requested.rateLimitPerMinute ?? grantor.rateLimitPerMinute,
    },
  };
}
