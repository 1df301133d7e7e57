import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { BATCH_RUN_STATUSES, SEVERITIES, SIGNAL_CATEGORIES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { WouldBeSignal } from '../../scoring/backtest.js';
import { MAX_BATCH_PROFILE_IDS } from '../batch-runs/batch-runs.schemas.js';
import type { RuleDraft } from '../rules/rule-draft.js';
import { CreateRuleBody } from '../rules/rules.schemas.js';
import { wireScore } from '../signals/signals.schemas.js';
import type { Backtest } from './backtest.js';

const time = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });

const DraftRuleChange = Type.Object(
  {
    rule_id: Uuid,
    enabled: Type.Optional(Type.Boolean()),
    weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    severity: Type.Optional(literalUnion(SEVERITIES)),
    parameters: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
  },
  { additionalProperties: false, title: 'DraftRuleChange' },
);

/** A draft rule set (issue 13): changes to existing rules, new rules, and the signal threshold. */
export const RuleDraftBody = Type.Object(
  {
    rules: Type.Array(Type.Union([DraftRuleChange, CreateRuleBody]), {
      maxItems: 500,
      description:
        'Each entry changes the rule named by rule_id (as PATCH /rules/{id} would: enabled, weight, severity, parameters) or, without rule_id, adds a rule (as POST /rules would)',
    }),
    signal_threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  },
  { additionalProperties: false, title: 'RuleDraft' },
);
export type RuleDraftBody = Static<typeof RuleDraftBody>;

/** The wire draft as the domain takes it. */
export function toRuleDraft(body: RuleDraftBody): RuleDraft {
  return {
    rules: body.rules.map((r) =>
      'rule_id' in r
        ? {
            ruleId: r.rule_id.toLowerCase(),
            ...(r.enabled === undefined ? {} : { enabled: r.enabled }),
            ...(r.weight === undefined ? {} : { weight: r.weight }),
            ...(r.severity === undefined ? {} : { severity: r.severity }),
            ...(r.parameters === undefined ? {} : { parameters: r.parameters }),
          }
        : {
            name: r.name,
            ruleType: r.rule_type,
            severity: r.severity,
            weight: r.weight,
            ...(r.signal_category === undefined ? {} : { signalCategory: r.signal_category }),
            ...(r.parameters === undefined ? {} : { parameters: r.parameters }),
            ...(r.enabled === undefined ? {} : { enabled: r.enabled }),
            ...(r.description === undefined ? {} : { description: r.description }),
          },
    ),
    ...(body.signal_threshold === undefined ? {} : { signalThreshold: body.signal_threshold }),
  };
}

function toRuleDraftJson(draft: RuleDraft) {
  return {
    rules: draft.rules.map((r) =>
      'ruleId' in r
        ? {
            rule_id: r.ruleId,
            enabled: r.enabled,
            weight: r.weight,
            severity: r.severity,
            parameters: r.parameters,
          }
        : {
            name: r.name,
            rule_type: r.ruleType,
            severity: r.severity,
            weight: r.weight,
            signal_category: r.signalCategory,
            parameters: r.parameters,
            enabled: r.enabled,
            description: r.description,
          },
    ),
    signal_threshold: draft.signalThreshold,
  };
}

export const BacktestParams = Type.Object({ backtest_id: Uuid });

export const ListBacktestsQuery = Type.Object(
  { status: Type.Optional(literalUnion(BATCH_RUN_STATUSES)), ...ListQuery },
  { additionalProperties: false },
);

export const CreateBacktestBody = Type.Object(
  {
    draft: RuleDraftBody,
    from: Type.Optional(time('RFC 3339 start of the window (inclusive); default: `to` minus 30 days')),
    to: Type.Optional(time('RFC 3339 end of the window (exclusive); default: now')),
    profile_ids: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: MAX_BATCH_PROFILE_IDS,
        description: 'Profiles to replay (repeats ignored); default: every ACTIVE and DECEASED profile',
      }),
    ),
    recompute_baselines: Type.Optional(
      Type.Boolean({
        description: 'Both sides score with each baseline as of `from` (default true), as a batch run does',
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateBacktest' },
);
export type CreateBacktestBody = Static<typeof CreateBacktestBody>;

export const ApplyDraftBody = Type.Object(
  {
    draft: Type.Optional(RuleDraftBody),
    backtest_id: Type.Optional(Uuid),
  },
  {
    additionalProperties: false,
    title: 'ApplyRuleDraft',
    description:
      'Exactly one of draft and backtest_id. With backtest_id the backtest’s draft is applied, and only if no rule changed since the backtest was created (else 409)',
  },
);
export type ApplyDraftBody = Static<typeof ApplyDraftBody>;

const WouldBeSignalJson = Type.Object(
  {
    profile_id: Uuid,
    signal_category: literalUnion(SIGNAL_CATEGORIES),
    severity: literalUnion(SEVERITIES),
    score: Type.Number(),
    evidence: Type.Array(
      Type.Object({ rule_id: Uuid, rule_name: Type.String(), item_id: Uuid, occurred_at: Timestamp }),
      { description: 'Evidence on the window’s items' },
    ),
  },
  { title: 'BacktestSignal' },
);

const listOf = <T extends ReturnType<typeof Type.Object>>(item: T, description: string) =>
  Type.Object({
    total: Type.Integer({ minimum: 0 }),
    items: Type.Array(item, { description: `${description}; at most 200, the total counts them all` }),
  });

const Rates = Type.Object({
  precision: Type.Union([Type.Number(), Type.Null()], { description: 'null: raised none of the reviewed' }),
  recall: Type.Union([Type.Number(), Type.Null()], { description: 'null: none CONFIRMED in the window' }),
  true_positives: Type.Integer({ minimum: 0 }),
  false_positives: Type.Integer({ minimum: 0 }),
  false_negatives: Type.Integer({ minimum: 0 }),
});

export const BacktestResultJson = Type.Object(
  {
    current: Type.Object({ signals: Type.Integer({ minimum: 0 }) }),
    draft: Type.Object({ signals: Type.Integer({ minimum: 0 }) }),
    added: listOf(WouldBeSignalJson, 'Signals the draft would raise and the current rules would not'),
    removed: listOf(WouldBeSignalJson, 'Signals the current rules raise and the draft would not'),
    changed: listOf(
      Type.Object({ before: WouldBeSignalJson, after: WouldBeSignalJson }),
      'Signals both raise, with a different severity, score or evidence',
    ),
    reviewed: Type.Object({
      confirmed: Type.Integer({ minimum: 0 }),
      dismissed: Type.Integer({ minimum: 0 }),
    }),
    precision_recall: Type.Object({
      current: Rates,
      draft: Rates,
      rules: Type.Array(
        Type.Object({
          rule_id: Uuid,
          rule_name: Type.String(),
          current: Type.Union([Rates, Type.Null()], { description: 'null: not an enabled current rule' }),
          draft: Type.Union([Rates, Type.Null()], { description: 'null: not enabled in the draft' }),
        }),
      ),
    }),
  },
  { title: 'BacktestResult' },
);

const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const BacktestResponse = Type.Object(
  {
    id: Uuid,
    status: literalUnion(BATCH_RUN_STATUSES),
    request: Type.Object({
      draft: Type.Unknown({ description: 'The draft as given (RuleDraft)' }),
      profile_ids: Type.Union([Type.Array(Uuid), Type.Null()]),
      from: Timestamp,
      to: Timestamp,
      recompute_baselines: Type.Boolean(),
    }),
    rules_version: Type.Union([Type.String(), Type.Null()], {
      description: 'The rules version the backtest compared against; apply-draft of it needs it unchanged',
    }),
    progress: Type.Object({
      profiles_total: Type.Integer({ minimum: 0 }),
      profiles_done: Type.Integer({ minimum: 0 }),
      errors: Type.Integer({ minimum: 0, description: 'Profiles that could not be replayed' }),
    }),
    result: Type.Union([BacktestResultJson, Type.Null()], { description: 'Set once COMPLETED' }),
    failure_reason: Type.Union([Type.String(), Type.Null()]),
    created_at: Timestamp,
    started_at: NullableTimestamp,
    finished_at: NullableTimestamp,
  },
  { title: 'Backtest' },
);
export const BacktestPage = Page(BacktestResponse, 'BacktestPage');

export function toWouldBeSignalJson(s: WouldBeSignal) {
  return {
    profile_id: s.profileId,
    signal_category: s.category,
    severity: s.severity,
    score: wireScore(s.score),
    evidence: s.evidence.map((e) => ({
      rule_id: e.ruleId,
      rule_name: e.ruleName,
      item_id: e.itemId,
      occurred_at: isoTimestamp(e.occurredAtMs),
    })),
  };
}

export function toBacktestJson(b: Backtest) {
  return {
    id: b.id,
    status: b.status,
    request: {
      draft: toRuleDraftJson(b.request.draft),
      profile_ids: b.request.profileIds,
      from: isoTimestamp(b.request.fromMs),
      to: isoTimestamp(b.request.toMs),
      recompute_baselines: b.request.recomputeBaselines,
    },
    rules_version: b.rulesVersion,
    progress: {
      profiles_total: b.progress.profilesTotal,
      profiles_done: b.progress.profilesDone,
      errors: b.progress.errors,
    },
    result: b.result as Static<typeof BacktestResultJson> | null,
    failure_reason: b.failureReason,
    created_at: isoTimestamp(b.createdAtMs),
    started_at: b.startedAtMs === null ? null : isoTimestamp(b.startedAtMs),
    finished_at: b.finishedAtMs === null ? null : isoTimestamp(b.finishedAtMs),
  };
}
