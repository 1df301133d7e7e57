import type { Kysely } from 'kysely';
import { ENVIRONMENTS, SCOPES } from '../../domain/values/enums.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { DEFAULT_RULES } from '../../domain/detection/rules/index.js';
import { mintApiKey } from '../api-keys/api-keys.service.js';
import { createRulesStore } from '../rules/rules.store.js';
import { createSettingsStore } from '../settings/settings.store.js';

export interface CreatedTenant {
  tenant_id: string;
  production_key: string;
  sandbox_key: string;
}

/**
 * Tenants are made by the operator, never over the API (api.md §2): the tenant, one key per
 * environment holding every scope, and each environment's default settings and rule set, in one transaction.
 */
export function createTenantsService(deps: { db: Kysely<Database>; clock: Clock }) {
  const { db, clock } = deps;
  const settings = createSettingsStore(db, { rules: createRulesStore(db), defaultRules: DEFAULT_RULES });
  return {
    async create(name: string): Promise<CreatedTenant> {
      const tenantId = newId();
      const nowMs = clock.nowMs();
      const keys = await withTransaction(db, async (trx) => {
        await trx.insertInto('tenants').values({ id: tenantId, name, created_at: nowMs }).execute();
        const minted: string[] = [];
        for (const environment of ENVIRONMENTS) {
          const ctx = {
            tenantId,
            environment,
            actor: { apiKeyId: null, userId: null, name: 'operator' },
            requestId: `cli_${newId()}`,
          };
          await settings.load(trx, tenantId, environment, nowMs);
          const { key } = await mintApiKey(
            trx,
            ctx,
            { name: `${environment} key`, scopes: [...SCOPES], expiresAtMs: null, rateLimitPerMinute: null },
            nowMs,
          );
          minted.push(key);
        }
        return minted;
      });
      return { tenant_id: tenantId, production_key: keys[0] ?? '', sandbox_key: keys[1] ?? '' };
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('tenants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      // PostgreSQL returns count(*) as int8, read as a number by the pg type parser; SQLite as a number.
      return row.n;
    },
  };
}
export type TenantsService = ReturnType<typeof createTenantsService>;
