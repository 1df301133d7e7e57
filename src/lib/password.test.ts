import { describe, expect, test } from 'vitest';
import { generateOneTimePassword, hashPassword, verifyPassword } from './password.js';

describe('passwords', () => {
  test('the same password hashes differently each time (salted) and verifies against each hash', async () => {
    const [a, b] = await Promise.all([hashPassword('hunter2 hunter2'), hashPassword('hunter2 hunter2')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
    expect(await verifyPassword('hunter2 hunter2', a)).toBe(true);
    expect(await verifyPassword('hunter2 hunter2', b)).toBe(true);
    expect(await verifyPassword('hunter2 hunter3', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  test('a stored value that is not an scrypt hash never verifies', async () => {
    for (const stored of ['', 'plaintext', 'bcrypt$2b$10$abc', 'scrypt$32768$8$1$c2FsdA'])
      expect(await verifyPassword('plaintext', stored)).toBe(false);
  });

  test('one-time passwords: 4 groups of 5 from an alphabet without look-alikes, never repeated', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const otp = generateOneTimePassword();
      expect(otp).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
      seen.add(otp);
    }
    expect(seen.size).toBe(200);
  });
});
