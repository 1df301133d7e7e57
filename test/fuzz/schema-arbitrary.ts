import fc from 'fast-check';

/** A JSON Schema node of the OpenAPI document (only what the generator reads). */
export interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}

export interface GenContext {
  /** Resolves `#/components/schemas/X`. */
  resolve(ref: string): Schema;
  /** IDs that exist for the caller (a fixture), by property name; a uuid field may take one. */
  ids: Record<string, string[]>;
}

// Arrays and strings of valid bodies stay small: the point is shape coverage, not volume.
const MAX_ITEMS = 4;
const MAX_STRING = 40;

/** Values that break parsers and databases in practice; the mutations draw from them. */
export const NASTY_VALUES: unknown[] = [
  null,
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '😀'.repeat(20),
  "'; DROP TABLE profiles; --",
  '%00',
  '../../etc/passwd',
  'x'.repeat(10_000),
  -1,
  0,
  -0.0001,
  1e308,
  -1e308,
  2 ** 53 + 1,
  1.5,
  true,
  false,
  [],
  {},
  [null],
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown,
  { constructor: { prototype: { polluted: true } } },
  '2026-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '0000-01-01',
  '2026-02-30',
  '2026-02-30T10:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-06-01T10:00:00+14:00',
  '2026-06-01T10:00:00-23:59',
  '1900-01-01T00:00:00Z',
  'not-a-uuid',
  'http://169.254.169.254/latest/meta-data/',
  'file:///etc/passwd',
  'gopher://127.0.0.1:25/',
  '00000000-0000-0000-0000-000000000000',
  'NaN',
  'Infinity',
];

export const EDGE_DATE_TIMES = [
  '2026-12-31T23:59:60Z',
  '0000-01-01T00:00:00Z',
  '2026-06-01T10:00:00+14:00',
  '2026-06-01T10:00:00-12:59',
  '1970-01-01T00:00:00.000Z',
  '2026-06-01T10:00:00.123456789Z',
];
const EDGE_STRINGS = ['a\u0000b', '\u0000', '\ud800', "O'Brien", '%s%n', '${x}', '<script>', 'x'];

/** `depth` levels of nested objects, for parsers and JSON columns that recurse. */
export function deepObject(depth: number): unknown {
  let value: unknown = { leaf: 1 };
  for (let i = 0; i < depth; i += 1) value = { a: value };
  return value;
}

function typesOf(schema: Schema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ['object'];
  return [];
}

function stringArbitrary(schema: Schema, name: string, ctx: GenContext): fc.Arbitrary<string> {
  const max = Math.min(schema.maxLength ?? MAX_STRING, MAX_STRING);
  const min = Math.min(schema.minLength ?? 0, max);
  switch (schema.format) {
    case 'uuid': {
      const known = ctx.ids[name] ?? [];
      return known.length > 0 ? fc.oneof(fc.constantFrom(...known), fc.uuid()) : fc.uuid();
    }
    case 'date-time': {
      const times = fc
        .date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2029-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
      // Valid RFC 3339 that parsers disagree on: leap second, year 0000, extreme offsets.
      return fc.oneof(
        { weight: 3, arbitrary: times },
        { weight: 1, arbitrary: fc.constantFrom(...EDGE_DATE_TIMES) },
      );
    }
    case 'date': {
      const days = fc
        .date({
          min: new Date('1920-01-01T00:00:00Z'),
          max: new Date('2026-01-01T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
      return fc.oneof(
        { weight: 3, arbitrary: days },
        { weight: 1, arbitrary: fc.constantFrom('0000-01-01', '2024-02-29', '1900-02-28', '9999-12-31') },
      );
    }
    case 'uri':
    case 'url':
      // IP literals only: no DNS look-up in CI; loopback is allowed by WEBHOOK_ALLOW_PRIVATE_NETWORKS.
      return fc.constantFrom('http://127.0.0.1:9/hook', 'https://127.0.0.1:9/vigil', 'http://[::1]:9/hook');
    case 'email':
      return fc.emailAddress();
    default:
      break;
  }
  if (schema.pattern) {
    return fc
      .stringMatching(new RegExp(schema.pattern))
      .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
  }
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) },
    // Schema-valid strings that databases treat specially (NUL, lone surrogate, quotes).
    {
      weight: 1,
      arbitrary: fc.constantFrom(...EDGE_STRINGS).filter((v) => v.length >= min && v.length <= max),
    },
  );
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1e6);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(Math.max(min, max)) });
  return fc.double({ min, max: Math.max(min, max), noNaN: true, noDefaultInfinity: true });
}

/** Values valid against `schema` (as far as a generator can know: formats and patterns included). */
export function valid(schema: Schema, ctx: GenContext, name = '', depth = 0): fc.Arbitrary<unknown> {
  if (schema.$ref) return valid(ctx.resolve(schema.$ref), ctx, name, depth);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => valid(b, ctx, name, depth)));
  if (schema.allOf) return valid(Object.assign({}, ...schema.allOf) as Schema, ctx, name, depth);
  const types = typesOf(schema);
  if (types.length === 0) return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return numberArbitrary(schema, true);
        case 'number':
          return numberArbitrary(schema, false);
        case 'string':
          return stringArbitrary(schema, name, ctx);
        case 'array': {
          const item = schema.items ?? {};
          const maxLength = Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS);
          return fc.array(valid(item, ctx, name, depth + 1), {
            minLength: Math.min(schema.minItems ?? 0, maxLength),
            maxLength,
          });
        }
        default:
          return objectArbitrary(schema, ctx, depth);
      }
    }),
  );
}

function objectArbitrary(schema: Schema, ctx: GenContext, depth: number): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const shape = Object.fromEntries(
    Object.entries(properties).map(([key, child]) => [key, valid(child, ctx, key, depth + 1)]),
  );
  if (Object.keys(properties).length === 0 && schema.additionalProperties !== false)
    return fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 });
  // Optional keys are present or not at random.
  return fc.record(shape, { requiredKeys: [...required].filter((k) => k in shape) });
}

/** One change that should make `value` invalid, or at least unusual. */
export function mutated(
  valueArb: fc.Arbitrary<unknown>,
  schema: Schema,
  ctx: GenContext,
): fc.Arbitrary<unknown> {
  const resolved = schema.$ref ? ctx.resolve(schema.$ref) : schema;
  const nasty = fc.oneof(fc.constantFrom(...NASTY_VALUES), fc.constant(deepObject(300)), fc.jsonValue());
  const keys = Object.keys(resolved.properties ?? {});
  const variants: fc.Arbitrary<unknown>[] = [nasty];
  if (keys.length > 0) {
    // A property replaced by a nasty value.
    variants.push(
      fc.tuple(valueArb, fc.constantFrom(...keys), nasty).map(([value, key, bad]) => ({
        ...(value as object),
        [key]: bad,
      })),
    );
    // A property removed (required ones too).
    variants.push(
      fc.tuple(valueArb, fc.constantFrom(...keys)).map(([value, key]) => {
        return Object.fromEntries(Object.entries(value as object).filter(([k]) => k !== key));
      }),
    );
    // An unknown property.
    variants.push(
      fc.tuple(valueArb, fc.string({ minLength: 1, maxLength: 12 }), nasty).map(([value, key, bad]) => ({
        ...(value as object),
        [keys.includes(key) ? `${key}_x` : key]: bad,
      })),
    );
  }
  return fc.oneof(...variants);
}
