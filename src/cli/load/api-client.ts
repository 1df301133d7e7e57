import { createHash } from 'node:crypto';

export interface ApiClientOptions {
  url: string;
  tenantId: string;
  key: string;
  /** Retries of 429 and 5xx answers before giving up. */
  maxRetries?: number;
}

export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A small client for the loader: both auth headers, JSON, an Idempotency-Key derived from each POST's
 * body (a retried batch is never applied twice), and retries of 429/5xx that honour Retry-After.
 */
export function createApiClient(options: ApiClientOptions) {
  const base = options.url.replace(/\/$/, '');
  const maxRetries = options.maxRetries ?? 8;
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
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${base}${path}`, { method, headers: requestHeaders, body: payload });
      const text = await res.text();
      const parsed = (text === '' ? null : JSON.parse(text)) as T;
      const retriable = res.status === 429 || res.status >= 500;
      if (!retriable || attempt >= maxRetries) return { status: res.status, body: parsed };
      const retryAfterSeconds = Number(res.headers.get('retry-after') ?? '0');
      const backoffMs = Math.min(30_000, 250 * 2 ** attempt) * (0.5 + Math.random() / 2);
      await sleep(Math.max(retryAfterSeconds * 1000, backoffMs));
    }
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
