import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import type { OpenAPI3 } from 'openapi-typescript';
import { fetchOpenApiDocument, OPENAPI_FILE, renderFiles, SCHEMA_FILE } from './generate.js';

const REGENERATE = 'run `npm run sdk:generate` and commit sdk/openapi.json and sdk/src/schema.ts';

/** The keys of two objects whose values differ, to name what went stale. */
function differingKeys(a: Record<string, unknown> = {}, b: Record<string, unknown> = {}): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

describe('the generated SDK contract', () => {
  test('sdk/openapi.json is the document the app serves now', async () => {
    const stored = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenAPI3;
    const current = await fetchOpenApiDocument();
    const stale = [
      ...differingKeys(current.paths, stored.paths).map((p) => `paths ${p}`),
      ...differingKeys(current.components?.schemas, stored.components?.schemas).map((s) => `schema ${s}`),
    ];
    if (stale.length === 0 && !isDeepStrictEqual(current, stored)) stale.push('document');
    expect(stale, `sdk/openapi.json is stale (${stale.join(', ')}): ${REGENERATE}`).toEqual([]);
  });

  test('sdk/src/schema.ts is generated from sdk/openapi.json', { timeout: 120_000 }, async () => {
    const stored = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as OpenAPI3;
    const { schema } = await renderFiles(stored);
    expect(
      schema === readFileSync(SCHEMA_FILE, 'utf8'),
      `sdk/src/schema.ts does not match sdk/openapi.json: ${REGENERATE}`,
    ).toBe(true);
  });
});
