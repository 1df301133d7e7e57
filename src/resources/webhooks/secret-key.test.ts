import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { call, createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { loadConfig } from '../../config.js';
import { openSecret } from './secret-box.js';
import { keyFilePath, resolveWebhookSecretKey, sealPlaintextSecrets } from './secret-key.js';

describe('the webhook secret key at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-key-'));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const sqliteUrl = `file:${join(dir, 'data', 'vigil.db')}`;

  test('in production on PostgreSQL, refuses to start without WEBHOOK_SECRET_KEY', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@127.0.0.1/vigil' });
    expect(() => resolveWebhookSecretKey(config)).toThrow(/WEBHOOK_SECRET_KEY must be set/);
  });

  test('in production on the embedded database, generates one key file (owner-only) and keeps using it', () => {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: sqliteUrl });
    const key = resolveWebhookSecretKey(config);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const path = keyFilePath(config);
    expect(readFileSync(path, 'utf8').trim()).toBe(key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(resolveWebhookSecretKey(config)).toBe(key);
  });

  test('an operator key wins, and outside production no key means plaintext (development)', () => {
    expect(
      resolveWebhookSecretKey(
        loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db', WEBHOOK_SECRET_KEY: 'k1' }),
      ),
    ).toBe('k1');
    expect(resolveWebhookSecretKey(loadConfig({ DATABASE_URL: 'postgres://h/db' }))).toBeUndefined();
  });
});

for (const dialect of DIALECTS) {
  describe(`${dialect}: sealing secrets stored before a key was set`, () => {
    const t = useTestApp(dialect);

    test('seals plaintext secrets in place; the dispatcher opens them to the same secret', async () => {
      const tenant = await createTenant(t);
      const res = await call(t.app, tenant, {
        method: 'POST',
        url: '/v1/webhooks',
        body: { url: 'https://93.184.215.14/hook', events: ['signal.created'] },
      });
      const { id, secret } = res.json<{ id: string; secret: string }>();
      // This tenant's rows only: other suites share the PostgreSQL test database.
      const only = { tenantId: tenant.tenantId };
      const stored = () =>
        t.db.kysely
          .selectFrom('webhook_endpoints')
          .select('secret')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
      expect((await stored()).secret).toBe(secret); // no key in this test app: plaintext
      expect(await sealPlaintextSecrets(t.db.kysely, 'operator-key', only)).toBe(1);
      const sealed = (await stored()).secret;
      expect(sealed).toMatch(/^enc:v1:/);
      expect(sealed).not.toContain(secret.slice(6));
      expect(openSecret(sealed, id, 'operator-key')).toBe(secret);
      expect(await sealPlaintextSecrets(t.db.kysely, 'operator-key', only)).toBe(0);
    });
  });
}
