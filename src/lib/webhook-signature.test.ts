import { describe, expect, test } from 'vitest';
import { generateWebhookSecret, signWebhook, verifyWebhook } from './webhook-signature.js';

// The Standard Webhooks specification's published test vector.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const TIMESTAMP = 1614265330;
const BODY = '{"test": 2432232314}';
const SIGNATURE = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

const headers = (signature = SIGNATURE, timestamp = String(TIMESTAMP)) => ({
  'webhook-id': ID,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

describe('webhook signatures', () => {
  test('reproduce the Standard Webhooks reference signature', () => {
    expect(signWebhook(SECRET, ID, TIMESTAMP, BODY)).toBe(SIGNATURE);
  });

  test('verify the reference delivery within the tolerance', () => {
    expect(verifyWebhook(SECRET, headers(), BODY, { nowSeconds: TIMESTAMP + 60 })).toBe(true);
  });

  test('refuse a tampered body, another secret, another id and a stale timestamp', () => {
    const now = { nowSeconds: TIMESTAMP };
    expect(verifyWebhook(SECRET, headers(), '{"test": 2432232315}', now)).toBe(false);
    expect(verifyWebhook(generateWebhookSecret(), headers(), BODY, now)).toBe(false);
    expect(verifyWebhook(SECRET, { ...headers(), 'webhook-id': 'msg_other' }, BODY, now)).toBe(false);
    expect(verifyWebhook(SECRET, headers(), BODY, { nowSeconds: TIMESTAMP + 301 })).toBe(false);
  });

  test('refuse missing headers, unknown versions and malformed timestamps', () => {
    const now = { nowSeconds: TIMESTAMP };
    expect(verifyWebhook(SECRET, { 'webhook-id': ID }, BODY, now)).toBe(false);
    expect(verifyWebhook(SECRET, headers(SIGNATURE.replace('v1,', 'v2,')), BODY, now)).toBe(false);
    expect(verifyWebhook(SECRET, headers(SIGNATURE, '16142653.30'), BODY, now)).toBe(false);
  });

  test('accept any one matching signature of a space-separated list (secret rotation)', () => {
    const list = `v1,${Buffer.alloc(32).toString('base64')} ${SIGNATURE}`;
    expect(verifyWebhook(SECRET, headers(list), BODY, { nowSeconds: TIMESTAMP })).toBe(true);
  });

  test('generate whsec_ secrets of 24 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
