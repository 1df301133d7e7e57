import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createRetryingFetch, parseRetryAfter, type RetryOptions } from './retrying-fetch.js';

interface Seen {
  method: string;
  url: string;
  idempotencyKey: string | undefined;
  body: string;
}
type Responder = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on 127.0.0.1 answering from a script, one responder per request (the last repeats). */
let server: Server;
let origin: string;
let script: Responder[] = [];
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = req.headers['idempotency-key'];
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        idempotencyKey: Array.isArray(key) ? key.join(',') : key,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const responder = script[Math.min(seen.length, script.length) - 1];
      if (responder === undefined) throw new Error('no responder scripted');
      responder(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  seen = [];
});

function answer(status: number, body: unknown = {}, headers: Record<string, string> = {}): Responder {
  return (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
}
const dropConnection: Responder = (req) => {
  req.socket.destroy();
};

/** A retrying fetch whose waits are recorded instead of slept. */
function retrying(options: RetryOptions = {}) {
  const sleeps: number[] = [];
  const fetch = createRetryingFetch(undefined, {
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    ...options,
  });
  return { fetch, sleeps };
}

const postJson = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('retrying fetch', () => {
  test('retries a 429 after the seconds Retry-After names and sends the same Idempotency-Key both times', async () => {
    script = [
      answer(429, { code: 'RATE_LIMIT_EXCEEDED' }, { 'retry-after': '1' }),
      answer(201, { id: 'p1' }),
    ];
    const { fetch, sleeps } = retrying();
    // openapi-fetch hands over a Request whose body is a stream: it must be sent again on the retry.
    const res = await fetch(new Request(`${origin}/v1/profiles`, postJson({ customer_id: 'C-1' })));

    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'p1' });
    expect(sleeps).toEqual([1000]);
    expect(seen).toHaveLength(2);
    const [first, second] = seen;
    expect(first!.idempotencyKey).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second!.idempotencyKey).toBe(first!.idempotencyKey);
    expect(second!.body).toBe(JSON.stringify({ customer_id: 'C-1' }));
    expect(second!.body).toBe(first!.body);
  });

  test('retries a 503 after an exponential backoff with jitter, then returns the 200', async () => {
    script = [answer(503, { code: 'INTERNAL_ERROR' }), answer(200, { ok: true })];
    const { fetch, sleeps } = retrying({ baseDelayMs: 200 });

    const res = await fetch(`${origin}/v1/profiles`);

    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(seen.map((s) => s.method)).toEqual(['GET', 'GET']);
    // Half the step fixed, half scaled by random() = 0.5.
    expect(sleeps).toEqual([150]);
  });

  test('does not retry a 400 or a 404', async () => {
    const { fetch, sleeps } = retrying();
    script = [answer(400, { code: 'VALIDATION_ERROR' })];
    expect((await fetch(`${origin}/v1/profiles`, postJson({}))).status).toBe(400);
    script = [answer(404, { code: 'PROFILE_NOT_FOUND' })];
    expect((await fetch(`${origin}/v1/profiles/x`)).status).toBe(404);

    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  test('gives up after maxAttempts and returns the last answer, the backoff doubling each time', async () => {
    script = [answer(503, { code: 'INTERNAL_ERROR' })];
    const { fetch, sleeps } = retrying({ maxAttempts: 4, baseDelayMs: 100, random: () => 0 });

    const res = await fetch(`${origin}/v1/transactions`, postJson({ transactions: [] }));

    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ code: 'INTERNAL_ERROR' });
    expect(seen).toHaveLength(4);
    expect(new Set(seen.map((s) => s.idempotencyKey)).size).toBe(1);
    expect(sleeps).toEqual([50, 100, 200]);
  });

  test('retries a dropped connection and throws the network error once attempts run out', async () => {
    script = [dropConnection, answer(200, { ok: true })];
    const first = retrying();
    expect((await first.fetch(`${origin}/v1/signals`)).status).toBe(200);
    expect(first.sleeps).toHaveLength(1);

    seen = [];
    script = [dropConnection];
    const second = retrying({ maxAttempts: 2 });
    await expect(second.fetch(`${origin}/v1/signals`)).rejects.toThrow(TypeError);
    expect(seen).toHaveLength(2);
  });

  test('keeps the Idempotency-Key the caller set and adds none to a GET', async () => {
    script = [answer(200)];
    const { fetch } = retrying();
    await fetch(`${origin}/v1/profiles`, {
      ...postJson({ a: 1 }),
      headers: { 'content-type': 'application/json', 'Idempotency-Key': 'mine-1' },
    });
    await fetch(`${origin}/v1/profiles`);

    expect(seen.map((s) => s.idempotencyKey)).toEqual(['mine-1', undefined]);
  });

  test('gives each POST call its own key', async () => {
    script = [answer(201)];
    const { fetch } = retrying();
    await fetch(`${origin}/v1/profiles`, postJson({ a: 1 }));
    await fetch(`${origin}/v1/profiles`, postJson({ a: 1 }));

    expect(seen[0]!.idempotencyKey).not.toBe(seen[1]!.idempotencyKey);
  });

  test('returns a 429 at once when Retry-After is longer than maxRetryAfterMs', async () => {
    script = [answer(429, {}, { 'retry-after': '600' }), answer(200)];
    const { fetch, sleeps } = retrying({ maxRetryAfterMs: 60_000 });

    expect((await fetch(`${origin}/v1/profiles`)).status).toBe(429);
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  test('does not retry a request the caller aborted', async () => {
    script = [
      (req, res) => {
        setTimeout(() => {
          answer(200)(req, res);
        }, 2_000);
      },
    ];
    const { fetch, sleeps } = retrying();
    const controller = new AbortController();
    const pending = fetch(`${origin}/v1/profiles`, { signal: controller.signal });
    setTimeout(() => {
      controller.abort();
    }, 50);

    await expect(pending).rejects.toThrow(/abort/i);
    expect(sleeps).toEqual([]);
  });
});

describe('parseRetryAfter', () => {
  test('reads whole seconds and HTTP dates and ignores anything else', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
