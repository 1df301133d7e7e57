import { describe, expect, test } from 'vitest';
import { openSecret, sealSecret } from './secret-box.js';

describe('webhook secret storage', () => {
  const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQh';

  test('keeps the secret as is without a key', () => {
    expect(sealSecret(secret, 'ep-1', undefined)).toBe(secret);
    expect(openSecret(secret, 'ep-1', 'any key')).toBe(secret);
  });

  test('encrypts it with a key, bound to its endpoint', () => {
    const sealed = sealSecret(secret, 'ep-1', 'operator key');
    expect(sealed).toMatch(/^enc:v1:/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(openSecret(sealed, 'ep-1', 'operator key')).toBe(secret);
    expect(() => openSecret(sealed, 'ep-2', 'operator key')).toThrow();
    expect(() => openSecret(sealed, 'ep-1', 'another key')).toThrow();
    expect(() => openSecret(sealed, 'ep-1', undefined)).toThrow(/WEBHOOK_SECRET_KEY/);
  });
});
