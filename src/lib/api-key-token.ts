import { createHash, hash, randomInt, timingSafeEqual } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

export const KEY_PREFIXES = { production: 'vgl_live_', sandbox: 'vgl_test_' } as const;
export type KeyEnvironment = keyof typeof KEY_PREFIXES;

function base62(value: number, width: number): string {
  let out = '';
  let rest = value;
  for (let i = 0; i < width; i++) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out;
}

function checksum(body: string): string {
  const digest = createHash('sha256').update(body).digest();
  return base62(digest.readUInt32BE(0), CHECKSUM_LENGTH);
}

/** A new API key: prefix, 32 random base62 characters and a 6-character checksum (api.md §2). */
export function generateApiKey(environment: KeyEnvironment): string {
  let secret = '';
  for (let i = 0; i < SECRET_LENGTH; i++) secret += BASE62.charAt(randomInt(62));
  const body = KEY_PREFIXES[environment] + secret;
  return body + checksum(body);
}

/** The environment a well-formed key belongs to, or undefined when its shape or checksum is wrong. */
export function parseApiKey(key: string): KeyEnvironment | undefined {
  const environment = key.startsWith(KEY_PREFIXES.production)
    ? 'production'
    : key.startsWith(KEY_PREFIXES.sandbox)
      ? 'sandbox'
      : undefined;
  if (!environment || key.length !== KEY_PREFIXES[environment].length + SECRET_LENGTH + CHECKSUM_LENGTH) {
    return undefined;
  }
  const body = key.slice(0, -CHECKSUM_LENGTH);
  return checksum(body) === key.slice(-CHECKSUM_LENGTH) ? environment : undefined;
}

/** What is stored instead of the key: keys are high-entropy, so a plain SHA-256 is enough. */
export function hashApiKey(key: string): string {
  // One-shot hash (Node ≥ 20.12): no Hash object per authenticated request.
  return hash('sha256', key, 'hex');
}

export function hashesEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Whether a presented secret equals the expected one, in time that does not depend on where they
 * differ or on the expected secret's length (both are hashed first): for operator tokens.
 */
export function sameSecret(presented: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** The first characters of a key, safe to show in lists so people can tell keys apart. */
export function keyHint(key: string): string {
  return key.slice(0, KEY_PREFIXES.production.length + 4);
}
