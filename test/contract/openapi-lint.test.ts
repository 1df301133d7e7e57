import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '../..');
// sdk/openapi.json is the document the app serves (sdk/scripts/generate.test.ts checks it).
const DOCUMENT = 'sdk/openapi.json';
const BIN = (name: string) => join(ROOT, 'node_modules/.bin', name);
const ENV = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_COLOR: '1',
};

interface SpectralResult {
  code: string;
  severity: number;
  path: string[];
}

/** Runs Spectral with the project ruleset; resolves with its findings (severity 0 = error). */
async function spectral(file: string): Promise<SpectralResult[]> {
  const args = ['lint', '-r', '.spectral.yaml', '--format', 'json', '--quiet', file];
  // Spectral exits 1 when it finds errors; anything without a JSON report (a crash) fails the test.
  const out = await run(BIN('spectral'), args, { cwd: ROOT, env: ENV, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: unknown) => {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      if (!stdout?.trim().startsWith('[')) throw new Error(`spectral failed: ${stderr ?? String(error)}`);
      return { stdout };
    },
  );
  return JSON.parse(out.stdout) as SpectralResult[];
}

describe('OpenAPI lint', () => {
  test(
    'Spectral (spectral:oas + OWASP API Security ruleset, .spectral.yaml) finds 0 errors',
    { timeout: 120_000 },
    async () => {
      const results = await spectral(DOCUMENT);
      const errors = results.filter((r) => r.severity === 0).map((r) => `${r.code} at ${r.path.join('.')}`);
      expect(errors).toEqual([]);
    },
  );

  test(
    'the project’s request-limit rules catch an unbounded request string, array and integer',
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'vigil-lint-'));
      try {
        const file = join(dir, 'bad.json');
        const body = {
          type: 'object',
          properties: {
            name: { type: 'string' },
            tags: { type: 'array', maxItems: 3, items: { type: 'string', maxLength: 9 } },
            list: { type: 'array', items: { type: 'string', maxLength: 9 } },
            count: { type: ['integer', 'null'], format: 'int32', minimum: 0 },
          },
        };
        writeFileSync(
          file,
          JSON.stringify({
            openapi: '3.1.0',
            info: { title: 't', version: '1', description: 'd', contact: { name: 'x' } },
            servers: [{ url: '/v1', description: 'production', 'x-internal': false }],
            paths: {
              '/things': {
                post: {
                  operationId: 'create',
                  requestBody: { content: { 'application/json': { schema: body } } },
                  responses: { '201': { description: 'ok' } },
                },
              },
            },
          }),
        );
        const codes = (await spectral(file)).map((r) => `${r.code} ${r.path.slice(-1).join('')}`);
        expect(codes).toEqual(
          expect.arrayContaining([
            'vigil-request-string-limit name',
            'vigil-request-array-limit list',
            'vigil-request-integer-limit count',
          ]),
        );
        expect(codes.filter((c) => c.startsWith('vigil-request-'))).toHaveLength(3);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  test('Redocly lint (recommended, redocly.yaml) finds 0 errors', { timeout: 120_000 }, async () => {
    const out = await run(BIN('redocly'), ['lint', DOCUMENT, '--format', 'json'], {
      cwd: ROOT,
      env: ENV,
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: unknown) => {
      // Redocly exits 1 on errors; its JSON report is still on stdout.
      const { stdout } = error as { stdout?: string };
      if (stdout === undefined) throw error;
      return { stdout };
    });
    const report = JSON.parse(out.stdout) as {
      totals: { errors: number };
      problems: { ruleId: string; severity: string; message: string }[];
    };
    const errors = report.problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  });
});
