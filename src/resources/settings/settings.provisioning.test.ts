import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { DEFAULT_RULES } from '../../domain/detection/rules/index.js';
import { createRulesStore } from '../rules/rules.store.js';
import { createSettingsStore } from './settings.store.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: provisioning a tenant environment's settings and default rules`, () => {
    const t = useTestApp(dialect);
    /** A tenant environment with nothing provisioned yet (as one created before provisioning moved into tenant creation). */
    const unprovisioned = async (tenantId: string, environment: 'production' | 'sandbox') => {
      for (const table of ['rules', 'tenant_settings'] as const)
        await t.db.kysely
          .deleteFrom(table)
          .where('tenant_id', '=', tenantId)
          .where('environment', '=', environment)
          .execute();
    };
    const count = async (table: 'tenant_settings' | 'rules', tenantId: string) =>
      (await t.db.kysely.selectFrom(table).select('tenant_id').where('tenant_id', '=', tenantId).execute())
        .length;

    test('is all or nothing: a failure while adding the rules leaves no settings row, and the next load provisions both', async () => {
      const tenant = await createTenant(t);
      await unprovisioned(tenant.tenantId, 'production');
      await unprovisioned(tenant.tenantId, 'sandbox');
      const rules = createRulesStore(t.db.kysely);
      const failing = createSettingsStore(t.db.kysely, {
        rules: { insertMany: () => Promise.reject(new Error('connection lost')) },
        defaultRules: DEFAULT_RULES,
      });
      await expect(failing.load(t.db.kysely, tenant.tenantId, 'production', Date.now())).rejects.toThrow(
        'connection lost',
      );
      expect(await count('tenant_settings', tenant.tenantId)).toBe(0);
      expect(await count('rules', tenant.tenantId)).toBe(0);

      const working = createSettingsStore(t.db.kysely, { rules, defaultRules: DEFAULT_RULES });
      await working.load(t.db.kysely, tenant.tenantId, 'production', Date.now());
      expect(await count('tenant_settings', tenant.tenantId)).toBe(1);
      expect(await count('rules', tenant.tenantId)).toBe(DEFAULT_RULES.length);
    });

    test('concurrent first loads provision exactly once', async () => {
      const tenant = await createTenant(t);
      await unprovisioned(tenant.tenantId, 'production');
      await unprovisioned(tenant.tenantId, 'sandbox');
      const store = createSettingsStore(t.db.kysely, {
        rules: createRulesStore(t.db.kysely),
        defaultRules: DEFAULT_RULES,
      });
      await Promise.all(
        [1, 2, 3, 4].map(() => store.load(t.db.kysely, tenant.tenantId, 'sandbox', Date.now())),
      );
      expect(await count('rules', tenant.tenantId)).toBe(DEFAULT_RULES.length);
    });
  });
}
