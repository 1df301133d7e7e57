import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { createDb } from '../create-db.js';
import { migrateToLatest, migrateUpTo } from './index.js';

const LOOKUP = `EXPLAIN QUERY PLAN SELECT rule_id, item_id FROM signal_evidence
  WHERE tenant_id = ? AND environment = ? AND item_id IN (?, ?, ?)`;

// SQLite only: a fresh file can be taken to the schema before this migration. The plan is the
// behaviour that matters: before, the lookup read every evidence row of the tenant.
test('migration 016: evidence already raised for given items is found by item, not by reading the tenant’s evidence', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-migration-'));
  const db = createDb(`file:${join(dir, 'vigil.db')}`);
  try {
    const plan = () =>
      db
        .sqlite!.prepare<string[], { detail: string }>(LOOKUP)
        .all('t', 'production', 'a', 'b', 'c')
        .map((r) => r.detail)
        .join('\n');
    await migrateUpTo(db.kysely, '2026-12-03-014-scoring-speed');
    expect(plan()).not.toContain('item_id=?');

    await migrateToLatest(db.kysely);
    expect(plan()).toContain('USING COVERING INDEX signal_evidence_item_idx');
    expect(plan()).toContain('item_id=?');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
