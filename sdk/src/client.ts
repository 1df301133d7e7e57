import createClient, { type Client } from 'openapi-fetch';
import { createRetryingFetch, type FetchLike, type RetryOptions } from './retrying-fetch.js';
import type { paths } from './schema.js';

export type Environment = 'production' | 'sandbox';

/** Where each environment is served (api.md §1). */
export const BASE_PATHS = { production: '/v1', sandbox: '/sandbox/v1' } as const satisfies Record<
  Environment,
  string
>;

export interface VigilClientOptions {
  /** Where the service listens, without a base path, e.g. `http://127.0.0.1:8080`. */
  baseUrl: string;
  environment: Environment;
  tenantId: string;
  /** `vgl_live_...` for production, `vgl_test_...` for the sandbox. */
  apiKey: string;
  /** The fetch that sends each attempt (default: the global fetch). */
  fetch?: FetchLike;
  /** Retry policy of 429, 5xx and network errors; `false` sends every request once. */
  retry?: RetryOptions | false;
  /** Extra headers on every request (e.g. `X-Request-ID`). */
  headers?: Record<string, string>;
}

/** The error body every route answers with (api.md §3). */
export type VigilErrorBody = paths['/profiles']['get']['responses'][400]['content']['application/json'];
export type VigilErrorCode = VigilErrorBody['code'];

function isErrorBody(body: unknown): body is VigilErrorBody {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.message === 'string' && typeof b.status === 'number';
}

/** A non-2xx answer. `body` is the api.md §3 error body when the answer had one. */
export class VigilApiError extends Error {
  override readonly name = 'VigilApiError';
  readonly status: number;
  readonly body: VigilErrorBody | undefined;
  readonly code: VigilErrorCode | undefined;
  readonly requestId: string | undefined;
  readonly details: VigilErrorBody['details'];
  /** Seconds the server asked to wait (429), when it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly response: Response,
    /** The parsed body as received, whatever its shape. */
    readonly raw: unknown,
  ) {
    const body = isErrorBody(raw) ? raw : undefined;
    const what = body ? `${body.code}: ${body.message}` : typeof raw === 'string' ? raw : JSON.stringify(raw);
    super(`${response.status} ${response.url} ${what}`.trim());
    this.status = response.status;
    this.body = body;
    this.code = body?.code;
    this.details = body?.details;
    this.requestId = body?.request_id ?? response.headers.get('x-request-id') ?? undefined;
    const retryAfter = response.headers.get('retry-after');
    this.retryAfterSeconds = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  }
}

/** The data of a 2xx openapi-fetch result; throws VigilApiError for anything else. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (!result.response.ok) throw new VigilApiError(result.response, result.error);
  return result.data as T;
}

// ---- pagination (api.md §4: ?limit=&cursor= → {data, has_more, next_cursor}) ----

type GetOperation<P> = P extends keyof paths ? (paths[P] extends { get: infer O } ? O : never) : never;
type GetPath = { [P in keyof paths]: GetOperation<P> extends never ? never : P }[keyof paths];
type OkBody<P> =
  GetOperation<P> extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;

/** Every GET route that answers a page: `{ data: [...], has_more, next_cursor }`. */
export type ListPath = {
  [P in GetPath]: OkBody<P> extends { data: unknown[]; next_cursor: string | null } ? P : never;
}[GetPath];
/** The item type of a list route. */
export type ListItem<P extends ListPath> = OkBody<P> extends { data: (infer I)[] } ? I : never;

type Parameters_<P extends ListPath> = GetOperation<P> extends { parameters: infer X } ? X : never;
type PathParams<P extends ListPath> = Parameters_<P> extends { path: infer X } ? X : never;
type QueryParams<P extends ListPath> = Parameters_<P> extends { query?: infer Q } ? NonNullable<Q> : never;

/** What paginate takes: the route's path parameters and its query without `cursor`. */
export type PageParams<P extends ListPath> = ([PathParams<P>] extends [never]
  ? { path?: never }
  : { path: PathParams<P> }) & { query?: Omit<QueryParams<P>, 'cursor'> };
type PageArgs<P extends ListPath> = [PathParams<P>] extends [never]
  ? [params?: PageParams<P>]
  : [params: PageParams<P>];

interface Page {
  data: unknown[];
  has_more: boolean;
  next_cursor: string | null;
}

export type VigilClient = Client<paths> & {
  readonly environment: Environment;
  /** `${baseUrl}/v1` or `${baseUrl}/sandbox/v1`. */
  readonly apiUrl: string;
  /**
   * Yields every item of a list route, following `next_cursor` page by page; `query.limit` sets the
   * page size. Throws VigilApiError when a page fails.
   */
  paginate<P extends ListPath>(path: P, ...args: PageArgs<P>): AsyncGenerator<ListItem<P>, void, undefined>;
};

/**
 * A typed client of the Vigil API bound to one environment and tenant: openapi-fetch over the
 * generated `paths`, both auth headers on every request, and a fetch that retries 429/5xx/network
 * errors (honouring Retry-After) and gives every POST an Idempotency-Key.
 */
export function createVigilClient(options: VigilClientOptions): VigilClient {
  const apiUrl = `${options.baseUrl.replace(/\/+$/, '')}${BASE_PATHS[options.environment]}`;
  const baseFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const fetch = options.retry === false ? baseFetch : createRetryingFetch(baseFetch, options.retry);
  const client = createClient<paths>({
    baseUrl: apiUrl,
    fetch: (request) => fetch(request),
    headers: {
      ...options.headers,
      Authorization: `Bearer ${options.apiKey}`,
      'X-Tenant-ID': options.tenantId,
    },
  });
  // openapi-fetch's GET is typed per path; paginate has already checked the path against ListPath.
  const get = client.GET as unknown as (
    path: string,
    init: { params: { path?: unknown; query: Record<string, unknown> } },
  ) => Promise<{ data?: Page; error?: unknown; response: Response }>;

  async function* paginate<P extends ListPath>(
    path: P,
    ...[params]: PageArgs<P>
  ): AsyncGenerator<ListItem<P>, void, undefined> {
    let cursor: string | undefined;
    for (;;) {
      const query: Record<string, unknown> = { ...params?.query };
      if (cursor !== undefined) query.cursor = cursor;
      const page = unwrap(await get(path, { params: { path: params?.path, query } }));
      yield* page.data as ListItem<P>[];
      if (!page.has_more || page.next_cursor === null) return;
      if (page.next_cursor === cursor) throw new Error(`${path}: the server repeated cursor ${cursor}`);
      cursor = page.next_cursor;
    }
  }

  return Object.assign(client, { environment: options.environment, apiUrl, paginate });
}
