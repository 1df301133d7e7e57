import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt cost: N=2^15, r=8, p=1 needs 32 MiB and ~50-100 ms per hash on one core, OWASP's minimum for
// scrypt. Stored with the hash so the cost can be raised later without breaking existing passwords.
const COST = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
// Node refuses N*r*128*2 above maxmem's 32 MiB default; leave headroom for raised costs.
const MAX_MEM = 256 * 1024 * 1024;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

function derive(password: string, salt: Buffer, cost: ScryptOptions, keyLength: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...cost, maxmem: MAX_MEM }, (err, key) => {
      if (err) reject(err);
      else resolve(key);
    });
  });
}

/** A salted scrypt hash, `scrypt$N$r$p$salt$key` (base64url), safe to store. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, COST, KEY_LENGTH);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True when password matches stored; the comparison takes the same time wherever the bytes differ. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || key === undefined) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(
    password,
    Buffer.from(salt, 'base64url'),
    { N: Number(n), r: Number(r), p: Number(p) },
    expected.length,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

// A hash of a password nobody knows: verifying against it when the account does not exist costs the
// same time as a real check, so response times do not reveal which emails have accounts.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64url'));
  return dummyHash;
}

// Without look-alikes (0/O, 1/l/I) so a one-time password read aloud or retyped survives.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random one-time password: 20 characters from 56 (~116 bits), in groups of 5 for reading. */
export function generateOneTimePassword(): string {
  let chars = '';
  while (chars.length < 20) {
    for (const byte of randomBytes(32)) {
      // Rejection sampling keeps every character equally likely (256 is not a multiple of 56).
      if (byte < 224 && chars.length < 20) chars += ALPHABET.charAt(byte % ALPHABET.length);
    }
  }
  return chars.match(/.{5}/g)?.join('-') ?? chars;
}
