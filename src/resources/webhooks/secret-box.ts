import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * How a signing secret is stored. The dispatcher must sign with it, so it cannot be hashed like an
 * API key. With a key (the operator's WEBHOOK_SECRET_KEY) it is sealed with AES-256-GCM, bound to
 * its endpoint's ID so a sealed value cannot be copied onto another endpoint; without one it is
 * stored as is. Opening accepts both, so a key can be introduced later.
 */
const SEALED_PREFIX = 'enc:v1:';

function aesKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function sealSecret(secret: string, endpointId: string, key: string | undefined): string {
  if (key === undefined) return secret;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(key), iv);
  cipher.setAAD(Buffer.from(endpointId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return SEALED_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64');
}

/** The secret itself; throws when it was sealed and the key is missing or wrong. */
export function openSecret(stored: string, endpointId: string, key: string | undefined): string {
  if (!stored.startsWith(SEALED_PREFIX)) return stored;
  if (key === undefined) throw new Error('webhook secret is encrypted and no WEBHOOK_SECRET_KEY is set');
  const raw = Buffer.from(stored.slice(SEALED_PREFIX.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', aesKey(key), raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(endpointId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
