import type { Environment } from './types';

/** An API answer in the api.md §3 error shape. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface ClientState {
  environment: Environment;
  csrfToken: string | null;
}

// Set by the session provider after sign-in; every call reads it, so an environment switch applies at once.
const state: ClientState = { environment: 'production', csrfToken: null };

export function configureClient(next: Partial<ClientState>): void {
  Object.assign(state, next);
}

export function apiBase(environment: Environment = state.environment): string {
  return environment === 'sandbox' ? '/sandbox/v1' : '/v1';
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function send<T>(url: string, method: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // Every state-changing request carries the session's CSRF token (issue-10 contract).
  if (method !== 'GET' && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? null : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const error = (json ?? {}) as { code?: string; message?: string };
    throw new ApiFailure(response.status, error.code ?? 'ERROR', error.message ?? response.statusText);
  }
  return json as T;
}

/** Calls the API of the session's environment: `api.get('/signals', {status: 'ACTIVE'})`. */
export const api = {
  get: <T>(path: string, query?: Query) => send<T>(withQuery(apiBase() + path, query), 'GET'),
  post: <T>(path: string, body?: unknown) => send<T>(apiBase() + path, 'POST', body ?? {}),
  patch: <T>(path: string, body: unknown) => send<T>(apiBase() + path, 'PATCH', body),
  delete: (path: string) => send<undefined>(apiBase() + path, 'DELETE'),
};

/** Calls outside the environment bases (/auth/...). */
export const root = {
  get: <T>(path: string) => send<T>(path, 'GET'),
  post: <T>(path: string, body?: unknown) => send<T>(path, 'POST', body ?? {}),
};
