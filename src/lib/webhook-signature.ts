import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): the secret is `whsec_` + base64
 * of random bytes, and a delivery carries `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "id.timestamp.body">`. Integrators can verify Vigil's deliveries with this file or with any of
 * that specification's libraries.
 */
const SECRET_PREFIX = 'whsec_';
const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

/** A new signing secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(24).toString('base64');
}

function secretBytes(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length === 0) throw new Error('webhook secret is empty or not base64');
  return bytes;
}

function hmac(secret: string, id: string, timestampSeconds: number | string, body: string): Buffer {
  return createHmac('sha256', secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`).digest();
}

/** The `webhook-signature` header value for one delivery attempt. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${hmac(secret, id, timestampSeconds, body).toString('base64')}`;
}

export type WebhookHeaders = Record<string, string | string[] | undefined>;

function header(headers: WebhookHeaders, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * True when the headers carry a valid v1 signature of this exact body and the timestamp is within
 * the tolerance (default 5 minutes, against replays). The header may list several space-separated
 * signatures (during a secret rotation); one match is enough. `body` must be the raw request body.
 */
export function verifyWebhook(
  secret: string,
  headers: WebhookHeaders,
  body: string,
  options: { nowSeconds?: number; toleranceSeconds?: number } = {},
): boolean {
  const id = header(headers, 'webhook-id');
  const timestamp = header(headers, 'webhook-timestamp');
  const signatures = header(headers, 'webhook-signature');
  if (id === undefined || timestamp === undefined || signatures === undefined) return false;
  if (!/^\d{1,15}$/.test(timestamp)) return false;
  const nowSeconds = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) return false;
  const expected = hmac(secret, id, timestamp, body);
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
