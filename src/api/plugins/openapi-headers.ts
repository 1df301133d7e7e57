/**
 * What the route schemas cannot say by themselves: the headers every API response carries (rate
 * limit, request ID, idempotent replay), the request headers the API reads (Idempotency-Key,
 * X-Request-ID), and `security: []` on the operator routes. Applied to the generated document once.
 */

type Json = Record<string, unknown>;
type PathItems = Record<string, Json>;

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

const header = (description: string, schema: Json): Json => ({ description, schema });
const rateInt = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 };

/** Reusable headers, referenced from every response (components.headers). */
export const HEADER_COMPONENTS: Json = {
  'X-Request-ID': header(
    'The request ID: the client’s X-Request-ID when it matches [A-Za-z0-9._:-]{1,128}, else a new `req_` ID. Also in every error body.',
    { type: 'string', maxLength: 132, pattern: '^[A-Za-z0-9._:-]{1,132}$' },
  ),
  'X-RateLimit-Limit': header('Requests per minute allowed to this API key (token bucket).', rateInt),
  'X-RateLimit-Remaining': header('Requests left in the bucket after this one.', rateInt),
  'X-RateLimit-Reset': header('Seconds until the bucket is full again.', rateInt),
  'Retry-After': header('Seconds to wait before retrying (429 only).', rateInt),
  'Idempotent-Replayed': header(
    '`true` when this response is the stored response of an earlier request with the same Idempotency-Key.',
    { type: 'string', enum: ['true'] },
  ),
};

/** Reusable request header parameters (components.parameters). */
export const PARAMETER_COMPONENTS: Json = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a POST safe to retry: the same key and request within 24 h replays the first response (with `Idempotent-Replayed: true`); the same key with another request is 422 IDEMPOTENCY_KEY_REUSED, while the first is still running 409 IDEMPOTENCY_KEY_IN_USE.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$' },
  },
  RequestId: {
    name: 'X-Request-ID',
    in: 'header',
    required: false,
    description: 'An ID of the caller’s to trace this request by; echoed in X-Request-ID and error bodies.',
    schema: { type: 'string', maxLength: 128, pattern: '^[A-Za-z0-9._:-]{1,128}$' },
  },
};

const ref = (kind: 'headers' | 'parameters', name: string) => ({ $ref: `#/components/${kind}/${name}` });

function responseHeaders(status: string, method: string, authenticated: boolean): Json {
  const headers: Json = { 'X-Request-ID': ref('headers', 'X-Request-ID') };
  // Authentication sets the rate-limit headers before the handler, so every 2xx and 4xx past it has them.
  if (authenticated && /^[24]/.test(status)) {
    for (const name of ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'])
      headers[name] = ref('headers', name);
  }
  if (status === '429') headers['Retry-After'] = ref('headers', 'Retry-After');
  // Responses under 500 to a POST with an Idempotency-Key are stored and may be replayed.
  if (authenticated && method === 'post' && /^[24]/.test(status))
    headers['Idempotent-Replayed'] = ref('headers', 'Idempotent-Replayed');
  return headers;
}

/**
 * Integers are declared int32 when their bounds fit, else int64 (JavaScript safe integers). Mutates
 * `node`: pass a copy.
 */
export function integerFormats(node: unknown): void {
  if (Array.isArray(node)) {
    for (const child of node) integerFormats(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const schema = node as Json;
  const type = schema.type;
  const isInteger = type === 'integer' || (Array.isArray(type) && type.includes('integer'));
  if (isInteger && schema.format === undefined) {
    const min = typeof schema.minimum === 'number' ? schema.minimum : -Infinity;
    const max = typeof schema.maximum === 'number' ? schema.maximum : Infinity;
    schema.format = min >= -2_147_483_648 && max <= 2_147_483_647 ? 'int32' : 'int64';
  }
  for (const child of Object.values(schema)) integerFormats(child);
}

/**
 * Adds the headers to every operation. `operator` tells the unauthenticated routes (health,
 * metrics), which get `security: []` and no rate-limit headers.
 */
export function declareHeaders(source: PathItems, operator: (path: string) => boolean): PathItems {
  // A copy: the route schemas inside are the ones that validate requests.
  const paths = structuredClone(source);
  for (const [path, item] of Object.entries(paths)) {
    const authenticated = !operator(path);
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      if (!authenticated) operation.security = [];
      const parameters = (operation.parameters as Json[] | undefined) ?? [];
      parameters.push(ref('parameters', 'RequestId'));
      if (authenticated && method === 'post') parameters.push(ref('parameters', 'IdempotencyKey'));
      operation.parameters = parameters;
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      for (const [status, response] of Object.entries(responses)) {
        responses[status] = {
          ...response,
          headers: { ...(response.headers as Json), ...responseHeaders(status, method, authenticated) },
        };
      }
    }
  }
  integerFormats(paths);
  return paths;
}
