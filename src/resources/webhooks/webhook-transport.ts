import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { allowedAddresses, bareHost, DestinationRefused, guardedLookup } from './network-policy.js';

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/** Sends one attempt and resolves with the HTTP status; the response body is never read. */
export type WebhookTransport = (request: WebhookRequest) => Promise<number>;

/**
 * POSTs with node:http(s), connecting only to addresses the network policy allows: a literal IP is
 * checked here, a host name in the socket's `lookup` (DNS rebinding cannot slip between the check
 * and the connect). Redirects are not followed. The whole attempt, connect to response headers,
 * is bounded by timeoutMs.
 */
export function createWebhookTransport(options: { allowPrivateNetworks: boolean }): WebhookTransport {
  const lookup = guardedLookup(options.allowPrivateNetworks);
  return async ({ url, headers, body, timeoutMs }) => {
    const target = new URL(url);
    const host = bareHost(target);
    if (isIP(host) !== 0) await allowedAddresses(host, options.allowPrivateNetworks);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<number>((resolve, reject) => {
      const req = send(target, {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        signal: AbortSignal.timeout(timeoutMs),
        // A fresh connection each time: a pooled socket would skip the address check.
        agent: false,
      });
      req.on('response', (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}

const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ETIMEDOUT',
  'EADDRNOTAVAIL',
]);

/**
 * What the deliveries log says about a failed attempt: one of a few fixed categories, never the
 * error text, so the log cannot be used to map a network (which port refused, which host reset).
 */
export function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DestinationRefused) return error.category;
  if (!(error instanceof Error)) return 'request failed';
  if (error.name === 'TimeoutError' || error.name === 'AbortError')
    return `timed out after ${timeoutMs / 1000} s`;
  const cause = (error.cause ?? error) as { code?: unknown; name?: unknown };
  if (cause instanceof DestinationRefused) return cause.category;
  if (cause.name === 'TimeoutError' || cause.name === 'AbortError')
    return `timed out after ${timeoutMs / 1000} s`;
  const code = typeof cause.code === 'string' ? cause.code : '';
  if (CONNECT_CODES.has(code)) return 'could not connect';
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('ERR_SSL'))
    return 'TLS handshake failed';
  return 'request failed';
}
