import type { ApiKey, ApiKeysStore } from './api-keys.store.js';

/**
 * How long a key read from the database is trusted by this process. Revoking through this process
 * takes effect at once (forget); a revocation made by another process (another server on the same
 * PostgreSQL database, or the CLI) takes effect here within this time. Expiry is checked on every
 * request against the key's expires_at, cached or not.
 */
export const API_KEY_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  apiKey: ApiKey;
  loadedAtMs: number;
}

/**
 * Keys by hash in process memory, so the authenticated hot path reads no key row. Only keys that
 * exist are kept: an unknown hash costs a query each time (failed authentications are rate limited).
 */
export function createApiKeyCache(
  store: Pick<ApiKeysStore, 'findByHash' | 'updateLastUsed'>,
  options: { ttlMs?: number } = {},
) {
  const ttlMs = options.ttlMs ?? API_KEY_CACHE_TTL_MS;
  const entries = new Map<string, Entry>();
  // Bumped by forget(): a load that began before a revocation committed never stores what it read.
  let generation = 0;

  return {
    /** The key with this hash if this process read it less than the TTL ago, without I/O. */
    get(keyHash: string, nowMs: number): ApiKey | undefined {
      const entry = entries.get(keyHash);
      return entry && nowMs - entry.loadedAtMs < ttlMs ? entry.apiKey : undefined;
    },

    /** Reads the key from the database and keeps it (unless a revocation came in meanwhile). */
    async load(keyHash: string, nowMs: number): Promise<ApiKey | undefined> {
      const started = generation;
      const apiKey = await store.findByHash(keyHash);
      entries.delete(keyHash);
      if (apiKey && started === generation) {
        if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
        entries.set(keyHash, { apiKey, loadedAtMs: nowMs });
      }
      return apiKey;
    },

    /** Records use; the cached key remembers it, so the next write waits for the granularity again. */
    updateLastUsed(apiKey: ApiKey, nowMs: number): Promise<void> {
      apiKey.lastUsedAtMs = nowMs;
      return store.updateLastUsed(apiKey.id, nowMs);
    },

    /** Drops a key at once (called after its revocation commits): the next request reads it afresh. */
    forget(apiKeyId: string): void {
      generation += 1;
      for (const [hash, entry] of entries) if (entry.apiKey.id === apiKeyId) entries.delete(hash);
    },
  };
}
export type ApiKeyCache = ReturnType<typeof createApiKeyCache>;
