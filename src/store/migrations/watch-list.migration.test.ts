import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createDb } from '../create-db.js';
import { migrateToLatest, migrateUpTo } from './index.js';

// SQLite only: a fresh file can be taken to the schema before this migration (PostgreSQL's shared
// test database is already at the latest one; the routes' tests run on it).
test('migration 011 adds the confirmed-counterparty rule to environments provisioned before and renews their rules version', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-migration-'));
  const db = createDb(`file:${join(dir, 'vigil.db')}`);
  try {
    await migrateUpTo(db.kysely, '2026-12-03-010-hardening-data');
    const settings = (environment: string) => ({
      tenant_id: 't',
      environment,
      signal_threshold: 0.3,
      grouping_window_days: 14,
      baseline_lookback_days: 180,
      high_risk_countries: '[]',
      updated_at: 1,
      rules_version: 'before',
    });
    await db.kysely
      .insertInto('tenant_settings')
      // The columns this migration adds are not there yet.
      .values([settings('production'), settings('sandbox')] as never)
      .execute();

    await migrateToLatest(db.kysely);

    const rules = await db.kysely
      .selectFrom('rules')
      .select(['environment', 'rule_type', 'severity', 'weight', 'enabled', 'is_default', 'parameters'])
      .orderBy('environment')
      .execute();
    expect(rules).toEqual(
      ['production', 'sandbox'].map((environment) => ({
        environment,
        rule_type: 'CONFIRMED_COUNTERPARTY',
        severity: 'HIGH',
        weight: 0.8,
        enabled: 1,
        is_default: 1,
        parameters: '{"min_amount_minor":0}',
      })),
    );
    const after = await db.kysely
      .selectFrom('tenant_settings')
      .select(['rules_version', 'watch_list_enabled', 'watch_list_version'])
      .execute();
    for (const row of after) {
      expect(row.rules_version).not.toBe('before');
      expect(row).toMatchObject({ watch_list_enabled: 0, watch_list_version: null });
    }
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
