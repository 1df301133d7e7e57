import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kysely } from 'kysely';
import { sqlitePath, type Config } from '../../config.js';
import type { Database } from '../../store/database.js';
import { sealSecret } from './secret-box.js';

/** Where the embedded database's generated key is kept: beside the database file, owner-only. */
export function keyFilePath(config: Pick<Config, 'databaseUrl'>): string {
  return join(dirname(sqlitePath(config.databaseUrl)), 'webhook-secret.key');
}

function readOrCreateKeyFile(path: string): string {
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing !== '') return existing;
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true });
  // 'wx': never overwrite a key another process wrote first (that key sealed secrets already).
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as { code?: string }).code !== 'EEXIST') throw error;
  }
  chmodSync(path, 0o600);
  return readFileSync(path, 'utf8').trim();
}

/**
 * The key that seals webhook signing secrets (secret-box.ts), decided once at start:
 * - WEBHOOK_SECRET_KEY when set;
 * - else, in production (NODE_ENV=production) on PostgreSQL: refuse to start. Several processes on
 *   several machines share that database, and only the operator can give them all one key;
 * - else, in production on the embedded database (one process, one machine): a key generated once
 *   and kept in `webhook-secret.key` beside the database file (mode 0600), so a copy of the database
 *   alone (a backup, a stolen file) does not reveal the secrets;
 * - else (development): none, and secrets are stored as they are.
 */
export function resolveWebhookSecretKey(
  config: Pick<Config, 'webhookSecretKey' | 'production' | 'dialect' | 'databaseUrl'>,
): string | undefined {
  if (config.webhookSecretKey !== undefined) return config.webhookSecretKey;
  if (!config.production) return undefined;
  if (config.dialect === 'postgres')
    throw new Error(
      'WEBHOOK_SECRET_KEY must be set when NODE_ENV=production on PostgreSQL: webhook signing secrets are encrypted at rest with it (docs/security.md)',
    );
  return readOrCreateKeyFile(keyFilePath(config));
}

/**
 * Seals signing secrets stored in plaintext (written before a key was configured), so introducing
 * a key protects every secret, not only new ones. Returns how many it sealed.
 */
export async function sealPlaintextSecrets(
  db: Kysely<Database>,
  key: string | undefined,
  options: { tenantId?: string } = {},
): Promise<number> {
  if (key === undefined) return 0;
  let q = db.selectFrom('webhook_endpoints').select(['id', 'secret']).where('secret', 'not like', 'enc:%');
  if (options.tenantId !== undefined) q = q.where('tenant_id', '=', options.tenantId);
  const plain = await q.execute();
  for (const row of plain) {
    await db
      .updateTable('webhook_endpoints')
      .set({ secret: sealSecret(row.secret, row.id, key) })
      .where('id', '=', row.id)
      .where('secret', '=', row.secret)
      .execute();
  }
  return plain.length;
}
