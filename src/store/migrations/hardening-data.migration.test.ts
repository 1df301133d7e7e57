import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { expect, test } from 'vitest';
import { createDb } from '../create-db.js';
import { migrateToLatest, migrateUpTo } from './index.js';

// SQLite only: a fresh file can be taken to the schema before this migration (PostgreSQL's shared
// test database is already at the latest one).
test('migration 010 redacts personal values in older audit events and leaves the trail append-only', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-migration-'));
  const db = createDb(`file:${join(dir, 'vigil.db')}`);
  try {
    await migrateUpTo(db.kysely, '2026-11-26-006-cache-versions');
    const row = (id: string, resourceType: string, changes: object) => ({
      id,
      tenant_id: 't',
      environment: 'production',
      at: 1,
      actor_api_key_id: null,
      actor_name: 'key',
      action: `${resourceType}.updated`,
      resource_type: resourceType,
      resource_id: 'r',
      changes: JSON.stringify(changes),
      request_id: null,
    });
    await db.kysely
      .insertInto('audit_events')
      .values([
        row('a1', 'profile', {
          customer_name: [null, 'Ann Lee'],
          date_of_birth: [null, '1941-03-09'],
          trusted_contact: [null, { name: 'Bob Lee' }],
          status: [null, 'ACTIVE'],
        }),
        row('a2', 'signal', { status: ['ACTIVE', 'CONFIRMED'], notes: [null, 'Ann said Bob took it'] }),
        row('a3', 'webhook', { url: [null, 'https://example.com/'] }),
      ])
      .execute();

    await migrateToLatest(db.kysely);

    const rows = await db.kysely.selectFrom('audit_events').select(['id', 'changes']).orderBy('id').execute();
    expect(rows.map((r) => JSON.parse(r.changes ?? 'null') as unknown)).toEqual([
      {
        customer_name: [null, '[redacted]'],
        date_of_birth: [null, '[redacted]'],
        trusted_contact: [null, '[redacted]'],
        status: [null, 'ACTIVE'],
      },
      { status: ['ACTIVE', 'CONFIRMED'], notes: [null, '[redacted]'] },
      { url: [null, 'https://example.com/'] },
    ]);
    await expect(sql`UPDATE audit_events SET changes = NULL`.execute(db.kysely)).rejects.toThrow(
      'append-only',
    );
    await expect(sql`DELETE FROM audit_events`.execute(db.kysely)).rejects.toThrow('append-only');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
