import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { apiError, ERROR_CODES, type ApiError, type ErrorCode, type ErrorDetail } from './errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = {
  allErrors: true,
  verbose: true,
  removeAdditional: false,
  useDefaults: true,
  allowUnionTypes: true,
  strict: false,
};
// Bodies are strict JSON: "12" is not a number. Query strings and paths are text, so they are coerced.
const bodyAjv = addFormats(new Ajv({ ...common, coerceTypes: false }));
const textAjv = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? bodyAjv : textAjv).compile(schema as object);

/** Fields whose bad value answers their own code (api.md §3, "Enum fields answer their own code"). */
const FIELD_CODES: Record<string, ErrorCode> = {
  enrollment_reason: 'INVALID_ENROLLMENT_REASON',
  signal_category: 'INVALID_SIGNAL_CATEGORY',
  // GET /signals?category= (issue 10's name of the signal_category filter).
  category: 'INVALID_SIGNAL_CATEGORY',
  rule_type: 'INVALID_RULE_TYPE',
  severity: 'INVALID_SEVERITY',
  weight: 'INVALID_WEIGHT',
};

const FORMAT_MESSAGES: Record<string, string> = {
  date: 'must be a date (YYYY-MM-DD)',
  'date-time': 'must be an RFC 3339 timestamp',
  uuid: 'must be a UUID',
  email: 'must be an email address',
  uri: 'must be a URL',
};

interface Described {
  field: string;
  message: string;
  code: ErrorCode;
}

function joinPath(instancePath: string, child?: string): string {
  const segments = instancePath.split('/').slice(1);
  if (child !== undefined) segments.push(child);
  return segments.reduce((path, segment) => {
    const name = segment.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(name)) return `${path}[${name}]`;
    return path === '' ? name : `${path}.${name}`;
  }, '');
}

function leafName(field: string): string {
  return field.slice(field.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
}

function typeMessage(type: unknown): string {
  const types = (Array.isArray(type) ? type : [type]).filter((t) => t !== 'null').map(String);
  const article = (t: string) => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
  return `must be ${types.map((t) => article(t === 'integer' ? 'whole number' : t)).join(' or ')}`;
}

function describe(error: ErrorObject, part: string): Described {
  const params = error.params as Record<string, unknown>;
  const parentSchema = (error.parentSchema ?? {}) as Record<string, unknown>;
  if (error.keyword === 'required') {
    const missing = String(params.missingProperty);
    // A field may name the one message for every way of getting it wrong, absence included (api.md §5.6 review status).
    const properties = parentSchema.properties as Record<string, Record<string, unknown>> | undefined;
    const fixed = properties?.[missing]?.['x-required-message'];
    return {
      field: joinPath(error.instancePath, missing),
      message: typeof fixed === 'string' ? fixed : 'is required',
      code: 'VALIDATION_ERROR',
    };
  }
  if (error.keyword === 'additionalProperties') {
    return {
      field: joinPath(error.instancePath, String(params.additionalProperty)),
      message: 'is not allowed',
      code: 'VALIDATION_ERROR',
    };
  }
  const field = joinPath(error.instancePath);
  const code = FIELD_CODES[leafName(field)];
  if (code) return { field, message: '', code };
  if (part === 'params') return { field, message: '', code: 'VALIDATION_ERROR' };
  if (typeof parentSchema['x-message'] === 'string')
    return { field, message: parentSchema['x-message'], code: 'VALIDATION_ERROR' };
  return { field, message: keywordMessage(error, params), code: 'VALIDATION_ERROR' };
}

function keywordMessage(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type':
      return typeMessage(params.type);
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'format':
      return FORMAT_MESSAGES[String(params.format)] ?? `must be a valid ${String(params.format)}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(params.limit)} characters`;
    case 'minimum':
      return `must be at least ${String(params.limit)}`;
    case 'maximum':
      return `must be at most ${String(params.limit)}`;
    case 'exclusiveMinimum':
      return `must be greater than ${String(params.limit)}`;
    case 'exclusiveMaximum':
      return `must be less than ${String(params.limit)}`;
    case 'minItems':
      return `must have at least ${String(params.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(params.limit)} items`;
    case 'maxProperties':
      return `must have at most ${String(params.limit)} fields`;
    case 'pattern':
      return 'has an invalid format';
    default:
      return 'is invalid';
  }
}

function render(described: Described, part: string): ErrorDetail & { code: ErrorCode } {
  const { field, code } = described;
  if (code !== 'VALIDATION_ERROR') return { field, code, message: ERROR_CODES[code].message };
  if (part === 'params') {
    // {profile_id} → "invalid profile ID" (api.md §3)
    const noun = field
      .replace(/_id$/, '')
      .replace(/_/g, ' ')
      .replace(/^api key$/, 'API key');
    return { field, code, message: `invalid ${noun} ID` };
  }
  if (field === '') return { field: 'body', code, message: 'request body must be a JSON object' };
  return { field, code, message: `${field} ${described.message}` };
}

/**
 * Turns Ajv's errors into the contract's 400: every problem in `details`, ordered as the schema lists
 * its fields (so required fields are reported in the resource's order), the first one as `message`.
 */
export function toValidationError(errors: ErrorObject[], part: string, schema: unknown): ApiError {
  const order = Object.keys((schema as { properties?: object } | undefined)?.properties ?? {});
  const rank = (field: string) => {
    const top = field.split(/[.[]/)[0] ?? '';
    const index = order.indexOf(top);
    return index === -1 ? order.length : index;
  };
  const seen = new Set<string>();
  const details = errors
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf' && e.keyword !== 'oneOf')
    .map((e) => render(describe(e, part), part))
    .filter((d) => !seen.has(d.field) && seen.add(d.field))
    .sort((a, b) => rank(a.field) - rank(b.field));
  const first = details[0] ?? { field: '', code: 'VALIDATION_ERROR' as const, message: 'request is invalid' };
  return apiError(
    first.code,
    first.message,
    details.map(({ field, message }) => ({ field, message })),
  );
}

/**
 * A body that is either one item or `{ <key>: [items] }` (api.md §5.2, §5.3): documented as anyOf,
 * validated against whichever shape the body has, so errors name the fields of that shape.
 */
export function oneOrMany(single: object, batch: object, key: string) {
  const validateSingle = bodyAjv.compile(single);
  const validateBatch = bodyAjv.compile(batch);
  const isBatch = (data: unknown) =>
    typeof data === 'object' && data !== null && !Array.isArray(data) && key in data;
  const validate = Object.assign(
    (data: unknown) => {
      const chosen = isBatch(data) ? validateBatch : validateSingle;
      const ok = chosen(data);
      validate.errors = chosen.errors;
      return ok;
    },
    { errors: null as ErrorObject[] | null | undefined },
  );
  const compiler: FastifySchemaCompiler<unknown> = (route) =>
    route.httpPart === 'body' ? validate : validatorCompiler(route);
  return { schema: { anyOf: [single, batch] }, validatorCompiler: compiler, isBatch };
}

/**
 * Validates a nested object of a body against its own schema (a rule's `parameters` against its
 * type's schema), filling defaults in place; problems are named under the field, e.g.
 * "parameters.min_amount must be at least 0".
 */
export function validateNested(schema: object, data: unknown, field: string): ApiError | undefined {
  const validate = bodyAjv.compile(schema);
  if (validate(data)) return undefined;
  const errors = (validate.errors ?? []).map((e) => ({ ...e, instancePath: `/${field}${e.instancePath}` }));
  return toValidationError(errors, 'body', { properties: { [field]: {} } });
}
