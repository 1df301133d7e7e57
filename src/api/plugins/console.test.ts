import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createDb, type Db } from '../../store/create-db.js';
import { migrateToLatest } from '../../store/migrations/index.js';
import { CONSOLE_CSP } from './console.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head></html>';

async function appWith(consoleDir: string): Promise<{ app: FastifyInstance; db: Db }> {
  const databaseUrl = `file:${join(consoleDir, '..', 'vigil.db')}`;
  const db = createDb(databaseUrl);
  await migrateToLatest(db.kysely);
  const app = await buildApp({
    config: loadConfig({ DATABASE_URL: databaseUrl }),
    db,
    logger: false,
    consoleDir,
  });
  return { app, db };
}

describe('console serving (GET /)', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-console-'));
  const dist = join(root, 'dist');
  let built: { app: FastifyInstance; db: Db };
  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    built = await appWith(dist);
  });
  afterAll(async () => {
    await built.app.close();
    await built.db.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('serves index.html at / with no-cache and the strict Content-Security-Policy', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  test('answers a client route such as /signals/<id> with index.html', async () => {
    const res = await built.app.inject({
      method: 'GET',
      url: '/signals/0190a0f0-0000-7000-8000-000000000000?x=1',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  test('serves hashed assets cached for a year as immutable', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1)');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
  });

  test('does not cache un-hashed root files for long', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  test('answers a missing asset with the JSON 404, never with the app', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/assets/gone-123.js' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'route not found', status: 404 });
  });

  test.each([
    '/v1/nope',
    '/sandbox/v1/nope',
    '/auth/nope',
    '/docs-nope/x'.replace('-nope/x', '/nope/deeper/x'),
  ])('keeps the API 404 for unknown server path %s', async (url) => {
    const res = await built.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'route not found' });
  });

  test('leaves the API, health, OpenAPI and docs routes as they were', async () => {
    expect((await built.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const openapi = await built.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(openapi.statusCode).toBe(200);
    expect(openapi.json()).toHaveProperty('openapi', '3.1.0');
    const v1 = await built.app.inject({ method: 'GET', url: '/v1/profiles' });
    expect(v1.statusCode).toBe(401);
    expect(v1.json()).toMatchObject({ code: 'TENANT_NOT_FOUND' });
    const docs = await built.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.statusCode).toBeLessThan(400);
    expect(docs.headers['content-security-policy']).not.toBe(CONSOLE_CSP);
  });

  test('a POST to an unknown path is still the JSON 404', async () => {
    const res = await built.app.inject({ method: 'POST', url: '/somewhere', payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('console serving before the console is built', () => {
  const root = mkdtempSync(join(tmpdir(), 'vigil-console-'));
  let built: { app: FastifyInstance; db: Db };
  beforeAll(async () => {
    built = await appWith(join(root, 'missing'));
  });
  afterAll(async () => {
    await built.app.close();
    await built.db.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('answers / with 503 and the command that builds it', async () => {
    const res = await built.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
  });
});
