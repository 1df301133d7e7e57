import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import { apiError } from '../../api/errors.js';
import type { RulesService } from './rules.service.js';
import type { BacktestsService } from '../backtests/backtests.service.js';
import { ApplyDraftBody, toRuleDraft } from '../backtests/backtests.schemas.js';
import {
  CreateRuleBody,
  ListRulesQuery,
  RulePage,
  RuleParams,
  RuleResponse,
  toRuleJson,
  UpdateRuleBody,
} from './rules.schemas.js';

const AppliedDraftResponse = Type.Object(
  {
    rules: Type.Array(RuleResponse, { description: 'The rules the draft changed or created, as stored now' }),
    signal_threshold: Type.Number(),
  },
  { title: 'AppliedRuleDraft' },
);

export const rulesRoutes: FastifyPluginAsyncTypebox<{
  service: RulesService;
  /** To apply a backtest's draft by its ID. */
  backtests: Pick<BacktestsService, 'getBacktest'>;
}> = (app, { service, backtests }) => {
  const read = { scope: 'rules:read' } as const;
  const write = { scope: 'rules:write' } as const;
  const tags = ['rules'];

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: "List the tenant environment's rules",
        querystring: ListRulesQuery,
        response: { 200: RulePage, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const page = pageRequest(request.query);
      const rules = await service.list(
        caller,
        { ruleType: request.query.rule_type, enabled: request.query.enabled },
        { afterId: page.afterId, limit: page.fetch },
      );
      const stats = await service.stats(caller, rules);
      return toPage(rules, page, (r) => toRuleJson(r, stats.get(r.id)));
    },
  );

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Create a rule',
        body: CreateRuleBody,
        response: { 201: RuleResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const rule = await service.create(callerOf(request), request.body);
      return reply.code(201).send(toRuleJson(rule, undefined));
    },
  );

  app.post(
    '/apply-draft',
    {
      config: write,
      schema: {
        tags,
        summary: 'Apply a draft rule set, or a backtest’s draft, in one transaction',
        body: ApplyDraftBody,
        response: { 200: AppliedDraftResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { draft, backtest_id: backtestId } = request.body;
      if ((draft === undefined) === (backtestId === undefined))
        throw apiError('VALIDATION_ERROR', 'exactly one of draft and backtest_id is required', [
          { field: 'draft', message: 'exactly one of draft and backtest_id is required' },
        ]);
      const applied =
        backtestId === undefined
          ? await service.applyDraft(caller, toRuleDraft(draft ?? { rules: [] }))
          : await backtests.getBacktest(caller, backtestId).then((b) =>
              service.applyDraft(caller, b.request.draft, {
                expectedRulesVersion: b.rulesVersion,
                backtestId: b.id,
              }),
            );
      const stats = await service.stats(caller, applied.rules);
      return {
        rules: applied.rules.map((r) => toRuleJson(r, stats.get(r.id))),
        signal_threshold: applied.signalThreshold,
      };
    },
  );

  app.get(
    '/:rule_id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a rule with its stats',
        params: RuleParams,
        response: { 200: RuleResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const rule = await service.getRule(caller, request.params.rule_id);
      return toRuleJson(rule, (await service.stats(caller, [rule])).get(rule.id));
    },
  );

  app.patch(
    '/:rule_id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a rule (its version increments)',
        params: RuleParams,
        body: UpdateRuleBody,
        response: { 200: RuleResponse, ...errorResponses },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const rule = await service.update(caller, request.params.rule_id, request.body);
      return toRuleJson(rule, (await service.stats(caller, [rule])).get(rule.id));
    },
  );

  app.delete(
    '/:rule_id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Delete a rule',
        params: RuleParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.rule_id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
