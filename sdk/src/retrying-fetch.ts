/**
 * A `fetch` that retries what is safe to retry against the Vigil API (api.md §4, §6):
 *
 * - 429 and 5xx answers, and network errors, are retried with exponential backoff and jitter, up to
 *   `maxAttempts` attempts in all; a `Retry-After` header (whole seconds, or an HTTP date) replaces
 *   the backoff for that wait.
 * - Every POST without an `Idempotency-Key` gets one (a random UUID), the same on every attempt of
 *   that call, so a retried POST is never applied twice.
 * - Anything else (2xx, 3xx, other 4xx) is returned as it is, at once.
 *
 * The last answer is returned when attempts run out (the caller sees the 429/5xx); the last network
 * error is thrown. An aborted request is never retried.
 */

export type FetchLike = (input: Request | string | URL, init?: RequestInit) => Promise<Response>;

export interface RetryInfo {
  /** The attempt that failed, 1-based. */
  attempt: number;
  /** How long the next attempt waits. */
  delayMs: number;
  /** The status that is retried, or undefined for a network error. */
  status: number | undefined;
  error: unknown;
  request: Request;
}

export interface RetryOptions {
  /** Attempts in all, the first included (default 5). 1 disables retries. */
  maxAttempts?: number;
  /** Backoff before the second attempt; doubles after each (default 250 ms). */
  baseDelayMs?: number;
  /** Ceiling of the computed backoff (default 30 s). Retry-After is not capped by it. */
  maxDelayMs?: number;
  /** A Retry-After longer than this is not waited for: the answer is returned (default 120 s). */
  maxRetryAfterMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable for tests: a number in [0, 1), as Math.random. */
  random?: () => number;
  /** Makes the Idempotency-Key of a POST that has none (default crypto.randomUUID). */
  idempotencyKey?: () => string;
  /** Called before each wait, e.g. to log. */
  onRetry?: (info: RetryInfo) => void;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Milliseconds a Retry-After header asks for: delta-seconds or an HTTP date; undefined when absent or bad. */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function isRetriableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Wraps `baseFetch` (default: the global fetch, looked up at each call). */
export function createRetryingFetch(
  baseFetch: FetchLike = (input, init) => globalThis.fetch(input, init),
  options: RetryOptions = {},
) {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS));
  const baseDelayMs = options.baseDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 120_000;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const newKey = options.idempotencyKey ?? (() => crypto.randomUUID());

  /** Exponential backoff with equal jitter: half the step fixed, half random. */
  function backoff(attempt: number): number {
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.round(step / 2 + (step / 2) * random());
  }

  return async function retryingFetch(input: Request | string | URL, init?: RequestInit): Promise<Response> {
    const original = new Request(input, init);
    const headers = new Headers(original.headers);
    if (original.method === 'POST' && !headers.has('idempotency-key'))
      headers.set('idempotency-key', newKey());
    // Read the body once, so that every attempt can send it again.
    const body = original.body === null ? undefined : await original.arrayBuffer();
    const signal = original.signal;

    for (let attempt = 1; ; attempt++) {
      const request = new Request(original.url, {
        method: original.method,
        headers,
        body,
        signal,
        redirect: original.redirect,
      });
      let response: Response | undefined;
      let error: unknown;
      try {
        response = await baseFetch(request);
      } catch (caught) {
        if (signal.aborted) throw caught;
        error = caught;
      }
      if (response !== undefined && !isRetriableStatus(response.status)) return response;
      if (attempt >= maxAttempts) {
        if (response !== undefined) return response;
        throw error;
      }

      let delayMs = backoff(attempt);
      if (response !== undefined) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfterMs !== undefined) {
          if (retryAfterMs > maxRetryAfterMs) return response;
          delayMs = retryAfterMs;
        }
        // The answer is dropped: free its connection.
        await response.body?.cancel().catch(() => undefined);
      }
      options.onRetry?.({ attempt, delayMs, status: response?.status, error, request });
      await sleep(delayMs, signal);
    }
  };
}

export type RetryingFetch = ReturnType<typeof createRetryingFetch>;
