import { Type, type Static, type TSchema } from 'typebox';
import { ERROR_CODES } from './errors.js';

/** A string enum as one `enum` keyword (one clear validation error, an enum in OpenAPI). */
export function literalUnion<const T extends readonly string[]>(
  values: T,
  options: { description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** The schema, or null (to clear an optional field in a PATCH). */
export function Nullable<T extends TSchema>(schema: T) {
  const { type, ...rest } = schema as unknown as { type: string };
  return Type.Unsafe<Static<T> | null>({ ...rest, type: [type, 'null'] });
}

export const Uuid = Type.String({ format: 'uuid', maxLength: 36, description: 'UUID' });
export const Timestamp = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'RFC 3339 UTC time',
});
export const DateOnly = Type.String({ format: 'date', maxLength: 10, description: 'YYYY-MM-DD' });
export const Metadata = Type.Record(Type.String({ maxLength: 128 }), Type.Unknown(), {
  description: 'Free-form object of the integrator, at most 8 KiB as JSON',
});

export const ListQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 200, default: 50, description: 'Page size, 1..200' }),
  ),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'next_cursor of the previous page' })),
};

export function Page<T extends TSchema>(item: T, title: string) {
  return Type.Object(
    {
      data: Type.Array(item),
      has_more: Type.Boolean(),
      next_cursor: Type.Union([Type.String(), Type.Null()]),
    },
    { title },
  );
}

/** Path parameters `{<name>}` that must be UUIDs; a bad one answers "invalid <noun> ID". */
export function IdParams<const K extends string>(name: K) {
  return Type.Object({ [name]: Uuid } as Record<K, typeof Uuid>);
}

export const ErrorBodySchema = Type.Object(
  {
    error: Type.String({ description: 'Title of the HTTP status' }),
    message: Type.String(),
    status: Type.Integer(),
    code: literalUnion(Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]),
    request_id: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { title: 'Error' },
);

/** The error responses every authenticated route documents (api.md §3). */
export const errorResponses = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  403: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  422: ErrorBodySchema,
  429: ErrorBodySchema,
  500: ErrorBodySchema,
};
