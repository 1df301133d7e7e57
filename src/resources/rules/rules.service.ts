import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { RULE_TYPE_DEFINITIONS } from '../../domain/detection/rules/index.js';
import type { RuleType } from '../../domain/values/enums.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { diffChanges, recordAudit } from '../audit-events/audit-events.store.js';
import type { SettingsStore } from '../settings/settings.store.js';
import type { CreateRuleBody, UpdateRuleBody } from './rules.schemas.js';
import type { RulesStore } from './rules.store.js';
import type { Rule, RuleStats } from './rule.js';
import { applyDraft, checkedParameters, type RuleDraft } from './rule-draft.js';

const auditView = (r: Rule) => ({
  name: r.name,
  severity: r.severity,
  weight: r.weight,
  signal_category: r.signalCategory,
  parameters: r.parameters,
  enabled: r.enabled,
  description: r.description,
});

export function createRulesService(deps: {
  db: Kysely<Database>;
  store: RulesStore;
  settings: Pick<SettingsStore, 'load' | 'update'>;
  clock: Clock;
}) {
  const { db, store, settings, clock } = deps;

  async function getRule(ctx: TenantContext, id: string): Promise<Rule> {
    const rule = await store.findById(ctx.tenantId, ctx.environment, id);
    if (!rule) throw apiError('RULE_NOT_FOUND');
    return rule;
  }

  return {
    getRule,

    stats: (ctx: TenantContext, rules: readonly Rule[]): Promise<Map<string, RuleStats>> =>
      store.stats(
        ctx.tenantId,
        ctx.environment,
        rules.map((r) => r.id),
      ),

    async list(
      ctx: TenantContext,
      filters: { ruleType?: RuleType; enabled?: boolean },
      page: { afterId?: string; limit: number },
    ) {
      await settings.load(db, ctx.tenantId, ctx.environment, clock.nowMs());
      const rules = await store.list(db, ctx.tenantId, ctx.environment);
      const matching = rules.filter(
        (r) =>
          (filters.ruleType === undefined || r.ruleType === filters.ruleType) &&
          (filters.enabled === undefined || r.enabled === filters.enabled),
      );
      const start = page.afterId === undefined ? 0 : matching.findIndex((r) => r.id < (page.afterId ?? ''));
      return start === -1 ? [] : matching.slice(start, start + page.limit);
    },

    async create(ctx: TenantContext, body: CreateRuleBody): Promise<Rule> {
      const nowMs = clock.nowMs();
      const rule: Rule = {
        id: newId(),
        name: body.name,
        ruleType: body.rule_type,
        severity: body.severity,
        weight: body.weight,
        signalCategory: body.signal_category ?? RULE_TYPE_DEFINITIONS[body.rule_type].defaultCategory,
        parameters: checkedParameters(body.rule_type, body.parameters),
        enabled: body.enabled ?? true,
        description: body.description ?? null,
        version: 1,
        isDefault: false,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      };
      await withTransaction(db, async (trx) => {
        await settings.load(trx, ctx.tenantId, ctx.environment, nowMs);
        await store.insertMany(trx, ctx.tenantId, ctx.environment, [rule]);
        await recordAudit(trx, ctx, nowMs, {
          action: 'rule.created',
          resourceType: 'rule',
          resourceId: rule.id,
          changes: diffChanges({}, { rule_type: rule.ruleType, ...auditView(rule) }),
        });
      });
      return rule;
    },

    /** Applies a change and bumps the version; a change that changes nothing keeps the version. */
    async update(ctx: TenantContext, id: string, body: UpdateRuleBody): Promise<Rule> {
      const current = await getRule(ctx, id);
      const next: Rule = {
        ...current,
        name: body.name ?? current.name,
        severity: body.severity ?? current.severity,
        weight: body.weight ?? current.weight,
        signalCategory: body.signal_category ?? current.signalCategory,
        parameters:
          body.parameters === undefined
            ? current.parameters
            : checkedParameters(current.ruleType, body.parameters),
        enabled: body.enabled ?? current.enabled,
        description: body.description === undefined ? current.description : body.description,
      };
      const changes = diffChanges(auditView(current), auditView(next));
      if (!changes) return current;
      const nowMs = clock.nowMs();
      const updated = { ...next, version: current.version + 1, updatedAtMs: nowMs };
      await withTransaction(db, async (trx) => {
        await store.update(trx, ctx.tenantId, ctx.environment, updated);
        await recordAudit(trx, ctx, nowMs, {
          action: 'rule.updated',
          resourceType: 'rule',
          resourceId: id,
          changes: { ...changes, version: [current.version, updated.version] },
        });
      });
      return updated;
    },

    /**
     * Applies a draft rule set (issue 13) in one transaction: each change and new rule stored and
     * audited as PATCH and POST /rules would (versions bumped), the signal threshold as PATCH
     * /settings would, and one rules.draft_applied event naming them all. A draft with any error
     * applies nothing. With `expectedRulesVersion` (a backtest's), a rule changed since is 409.
     */
    async applyDraft(
      ctx: TenantContext,
      draft: RuleDraft,
      guard?: { expectedRulesVersion: string | null; backtestId: string },
    ): Promise<{ rules: Rule[]; signalThreshold: number }> {
      const nowMs = clock.nowMs();
      return withTransaction(db, async (trx) => {
        // Locks the settings row: concurrent drafts and rule changes of the environment queue here.
        const current = await settings.load(trx, ctx.tenantId, ctx.environment, nowMs, { forUpdate: true });
        if (guard && current.rulesVersion !== guard.expectedRulesVersion)
          throw apiError(
            'INVALID_STATE',
            'rules changed since the backtest was created; backtest the draft again',
          );
        const applied = applyDraft(await store.list(trx, ctx.tenantId, ctx.environment), draft, nowMs);
        for (const { before, after } of applied.changed) {
          await store.update(trx, ctx.tenantId, ctx.environment, after);
          await recordAudit(trx, ctx, nowMs, {
            action: 'rule.updated',
            resourceType: 'rule',
            resourceId: after.id,
            changes: {
              ...diffChanges(auditView(before), auditView(after)),
              version: [before.version, after.version],
            },
          });
        }
        await store.insertMany(trx, ctx.tenantId, ctx.environment, applied.created);
        for (const rule of applied.created)
          await recordAudit(trx, ctx, nowMs, {
            action: 'rule.created',
            resourceType: 'rule',
            resourceId: rule.id,
            changes: diffChanges({}, { rule_type: rule.ruleType, ...auditView(rule) }),
          });
        const threshold = draft.signalThreshold ?? current.signalThreshold;
        if (threshold !== current.signalThreshold) {
          await settings.update(
            trx,
            ctx.tenantId,
            ctx.environment,
            { ...current, signalThreshold: threshold, updatedAtMs: nowMs },
            ['signal_threshold'],
          );
          await recordAudit(trx, ctx, nowMs, {
            action: 'settings.updated',
            resourceType: 'settings',
            resourceId: ctx.tenantId,
            changes: { signal_threshold: [current.signalThreshold, threshold] },
          });
        }
        const rules = [...applied.changed.map((c) => c.after), ...applied.created];
        await recordAudit(trx, ctx, nowMs, {
          action: 'rules.draft_applied',
          resourceType: 'rule',
          resourceId: guard?.backtestId ?? ctx.tenantId,
          changes: {
            rules: [null, rules.map((r) => `${r.name} v${r.version}`)],
            signal_threshold: [current.signalThreshold, threshold],
          },
        });
        return { rules, signalThreshold: threshold };
      });
    },

    /** Deletes the rule; signals keep its evidence, which names the rule and version that fired. */
    async remove(ctx: TenantContext, id: string): Promise<void> {
      await getRule(ctx, id);
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        await store.delete(trx, ctx.tenantId, ctx.environment, id);
        await recordAudit(trx, ctx, nowMs, {
          action: 'rule.deleted',
          resourceType: 'rule',
          resourceId: id,
          changes: null,
        });
      });
    },
  };
}
export type RulesService = ReturnType<typeof createRulesService>;
