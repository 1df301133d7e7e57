import { describe, expect, test } from 'vitest';
import { DIALECTS } from '../../../test/helpers/dialects.js';
import { createTenant, useTestApp } from '../../../test/helpers/test-app.js';
import { manualClock } from '../../lib/clock.js';
import { DEFAULT_RULES } from '../../domain/detection/rules/index.js';
import { createRulesStore } from '../rules/rules.store.js';
import { createSettingsService } from './settings.service.js';
import { createSettingsStore } from './settings.store.js';

for (const dialect of DIALECTS) {
  describe(`${dialect}: settings service`, () => {
    const t = useTestApp(dialect);
    const build = () => {
      const rules = createRulesStore(t.db.kysely);
      const store = createSettingsStore(t.db.kysely, { rules, defaultRules: DEFAULT_RULES });
      const clock = manualClock(Date.UTC(2026, 11, 3));
      return { clock, service: createSettingsService({ db: t.db.kysely, store, clock }) };
    };
    const ctx = (tenantId: string) => ({
      tenantId,
      environment: 'production' as const,
      actor: { apiKeyId: null, userId: null, name: 'test' },
      requestId: 'req_test',
    });

    test('getSettings() answers the defaults and update() keeps what it was not given', async () => {
      const tenant = await createTenant(t);
      const { clock, service } = build();
      const first = await service.getSettings(ctx(tenant.tenantId));
      expect(first).toMatchObject({
        signalThreshold: 0.3,
        groupingWindowDays: 14,
        baselineLookbackDays: 180,
      });
      clock.advance(60_000);
      const updated = await service.update(ctx(tenant.tenantId), { baselineLookbackDays: 365 });
      expect(updated).toMatchObject({
        signalThreshold: 0.3,
        baselineLookbackDays: 365,
        updatedAtMs: clock.nowMs(),
      });
      expect(await service.getSettings(ctx(tenant.tenantId))).toEqual(updated);
    });
  });
}
