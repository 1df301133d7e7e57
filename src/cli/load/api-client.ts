import { createHash } from 'node:crypto';
import { createRetryingFetch } from '../../../sdk/src/index.js';

export interface ApiClientOptions {
  url: string;
  tenantId: string;
  key: string;
  /** Retries of 429 and 5xx answers (and network errors) before giving up. */
  maxRetries?: number;
  /** The fetch that sends each attempt (default: the global fetch). */
  fetch?: typeof globalThis.fetch;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/**
 * A small client for the loader over the SDK's retrying fetch (429/5xx/network errors retried with
 * backoff, Retry-After honoured): both auth headers, JSON, and an Idempotency-Key derived from each
 * POST's body, so that a retried batch, or a whole load run again, is never applied twice.
 */
export function createApiClient(options: ApiClientOptions) {
  const base = options.url.replace(/\/$/, '');
  const fetch = createRetryingFetch(options.fetch, { maxAttempts: (options.maxRetries ?? 8) + 1 });
  const headers = { authorization: `Bearer ${options.key}`, 'x-tenant-id': options.tenantId };

  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the body it expects
  async function request<T>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const requestHeaders: Record<string, string> = { ...headers };
    if (payload !== undefined) {
      requestHeaders['content-type'] = 'application/json';
      requestHeaders['idempotency-key'] = createHash('sha256')
        .update(`${method} ${path} ${payload}`)
        .digest('base64url');
    }
    const res = await fetch(`${base}${path}`, { method, headers: requestHeaders, body: payload });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  return {
    request,
    /** POST that must succeed with one of the expected statuses. */
    async post<T>(path: string, body: unknown, expected: number[] = [200, 201]): Promise<T> {
      const res = await request<T>('POST', path, body);
      if (!expected.includes(res.status)) throw new ApiRequestError(res.status, res.body);
      return res.body;
    },
    async get<T>(path: string): Promise<T> {
      const res = await request<T>('GET', path);
      if (res.status !== 200) throw new ApiRequestError(res.status, res.body);
      return res.body;
    },
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;
