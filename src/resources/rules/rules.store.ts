import type { Kysely } from 'kysely';
import type { DefaultRule } from '../../domain/detection/types.js';
import type { Environment, RuleType, Severity, SignalCategory } from '../../domain/values/enums.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import type { RuleRow } from './rules.table.js';
import type { Rule, RuleStats } from './rule.js';

export function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    ruleType: row.rule_type as RuleType,
    severity: row.severity as Severity,
    weight: row.weight,
    signalCategory: row.signal_category as SignalCategory,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    enabled: row.enabled === 1,
    description: row.description,
    version: row.version,
    isDefault: row.is_default === 1,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
  };
}

function toRow(tenantId: string, environment: Environment, rule: Rule): RuleRow {
  return {
    id: rule.id,
    tenant_id: tenantId,
    environment,
    name: rule.name,
    rule_type: rule.ruleType,
    severity: rule.severity,
    weight: rule.weight,
    signal_category: rule.signalCategory,
    parameters: JSON.stringify(rule.parameters),
    enabled: rule.enabled ? 1 : 0,
    description: rule.description,
    version: rule.version,
    is_default: rule.isDefault ? 1 : 0,
    created_at: rule.createdAtMs,
    updated_at: rule.updatedAtMs,
  };
}

export function ruleFromDefault(d: DefaultRule, nowMs: number): Rule {
  return {
    id: newId(),
    name: d.name,
    ruleType: d.ruleType,
    severity: d.severity,
    weight: d.weight,
    signalCategory: d.signalCategory,
    parameters: d.parameters,
    enabled: true,
    description: d.description,
    version: 1,
    isDefault: true,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
}

export function createRulesStore(db: Kysely<Database>) {
  const scoped = (executor: Executor, tenantId: string, environment: Environment) =>
    executor
      .selectFrom('rules')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment);

  // Processes cache a rule set while tenant_settings.rules_version is unchanged; every write renews it.
  const renewVersion = (trx: Executor, tenantId: string, environment: Environment) =>
    trx
      .updateTable('tenant_settings')
      .set({ rules_version: newId() })
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment)
      .execute();

  return {
    async list(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      page?: { afterId?: string; limit: number },
    ): Promise<Rule[]> {
      let q = scoped(executor, tenantId, environment);
      if (page?.afterId !== undefined) q = q.where('id', '<', page.afterId);
      if (page) q = q.limit(page.limit);
      return (await q.orderBy('id', 'desc').execute()).map(toRule);
    },

    async findById(tenantId: string, environment: Environment, id: string): Promise<Rule | undefined> {
      const row = await scoped(db, tenantId, environment).where('id', '=', id).executeTakeFirst();
      return row && toRule(row);
    },

    async insertMany(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      rules: readonly Rule[],
    ): Promise<void> {
      if (rules.length === 0) return;
      await trx
        .insertInto('rules')
        .values(rules.map((r) => toRow(tenantId, environment, r)))
        .execute();
      await renewVersion(trx, tenantId, environment);
    },

    async update(trx: Executor, tenantId: string, environment: Environment, rule: Rule): Promise<void> {
      const {
        id: _id,
        tenant_id: _t,
        environment: _e,
        created_at: _c,
        ...values
      } = toRow(tenantId, environment, rule);
      await trx
        .updateTable('rules')
        .set(values)
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', rule.id)
        .execute();
      await renewVersion(trx, tenantId, environment);
    },

    async delete(trx: Executor, tenantId: string, environment: Environment, id: string): Promise<void> {
      await trx
        .deleteFrom('rules')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
      await renewVersion(trx, tenantId, environment);
    },

    /** Signals each rule contributed evidence to, and how reviewers judged them (api.md §5.5 stats). */
    async stats(
      tenantId: string,
      environment: Environment,
      ruleIds: readonly string[],
    ): Promise<Map<string, RuleStats>> {
      if (ruleIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('signal_evidence as e')
        .innerJoin('signals as s', 's.id', 'e.signal_id')
        .select((eb) => [
          'e.rule_id',
          eb.fn.count<number>('e.signal_id').distinct().as('total'),
          eb.fn
            .count<number>(eb.case().when('s.status', '=', 'CONFIRMED').then(eb.ref('s.id')).end())
            .distinct()
            .as('confirmed'),
          eb.fn
            .count<number>(eb.case().when('s.status', '=', 'DISMISSED').then(eb.ref('s.id')).end())
            .distinct()
            .as('dismissed'),
        ])
        .where('e.tenant_id', '=', tenantId)
        .where('e.environment', '=', environment)
        .where('e.rule_id', 'in', [...ruleIds])
        .groupBy('e.rule_id')
        .execute();
      return new Map(
        rows.map((r) => [
          r.rule_id,
          { signalsTotal: r.total, confirmed: r.confirmed, dismissed: r.dismissed },
        ]),
      );
    },
  };
}
export type RulesStore = ReturnType<typeof createRulesStore>;
