import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import {
  REVIEW_REASONS,
  RULE_TYPES,
  SEVERITIES,
  SIGNAL_CATEGORIES,
  SIGNAL_STATUSES,
} from '../../domain/values/enums.js';
import { RECOMMENDED_ACTIONS, recommendedAction } from '../../domain/detection/recommended-action.js';
import { toMajorUnits } from '../../domain/values/money.js';
import { isoTimestamp } from '../../lib/clock.js';
import { SIGNAL_SORTS } from './signal-queue.js';
import type { ReviewRequest } from './signals.review.js';
import type { Evidence } from '../../domain/detection/signal.js';
import type { SignalRecord } from './signal.js';

/** A score as the wire shows it: four decimals. */
export const wireScore = (score: number) => Math.round(score * 10_000) / 10_000;
export const SignalParams = Type.Object({ signal_id: Uuid });

const AssigneeFilter = Type.Unsafe<string>({
  type: 'string',
  maxLength: 36,
  pattern: '^(me|unassigned|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
  description: 'A user ID, `me` (the signed-in user) or `unassigned`',
  'x-message': 'must be a user ID, me or unassigned',
});

export const AssigneeResponse = Type.Object(
  { id: Uuid, email: Type.String(), name: Type.Union([Type.String(), Type.Null()]) },
  { title: 'Assignee' },
);
/** The most evidence items one signal shows: the response stays bounded however large it grows. */
export const MAX_EVIDENCE_SERIALIZED = 100;

export const ListSignalsQuery = Type.Object(
  {
    status: Type.Optional(literalUnion(SIGNAL_STATUSES)),
    severity: Type.Optional(literalUnion(SEVERITIES)),
    signal_category: Type.Optional(literalUnion(SIGNAL_CATEGORIES)),
    profile_id: Type.Optional(Uuid),
    rule_id: Type.Optional(Uuid),
    created_after: Type.Optional(Timestamp),
    created_before: Type.Optional(Timestamp),
    category: Type.Optional(
      literalUnion(SIGNAL_CATEGORIES, { description: 'The same filter as signal_category (issue 10 name)' }),
    ),
    assignee: Type.Optional(AssigneeFilter),
    created_from: Type.Optional({ ...Timestamp, description: 'created_at at or after this time' }),
    created_to: Type.Optional({ ...Timestamp, description: 'created_at before this time (exclusive)' }),
    min_amount_at_risk: Type.Optional(
      Type.Number({ minimum: 0, maximum: 999_999_999_999.99, description: 'Major units' }),
    ),
    sort: Type.Optional(
      literalUnion(SIGNAL_SORTS, {
        description:
          'Default: newest first. severity / amount_at_risk ascending, "-" descending; age = youngest first, -age = oldest first. Ties: newest first (-age: oldest first).',
      }),
    ),
    ...ListQuery,
  },
  { additionalProperties: false },
);
export type ListSignalsQuery = Static<typeof ListSignalsQuery>;

// api.md §5.6 [fixed]: a missing or other status is 400 "status must be CONFIRMED or DISMISSED".
const ReviewStatus = Type.Unsafe<'CONFIRMED' | 'DISMISSED'>({
  type: 'string',
  enum: ['CONFIRMED', 'DISMISSED'],
  'x-message': 'must be CONFIRMED or DISMISSED',
  'x-required-message': 'must be CONFIRMED or DISMISSED',
});
const REASONS = [...new Set([...REVIEW_REASONS.CONFIRMED, ...REVIEW_REASONS.DISMISSED])];

export const SuppressBody = Type.Object(
  {
    counterparty_id: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 128,
        description: "Only activity with this counterparty (one of the signal's transactions) stays silent",
      }),
    ),
    days: Type.Integer({ minimum: 1, maximum: 365, description: 'How long the suppression lasts' }),
  },
  {
    additionalProperties: false,
    title: 'Suppress',
    description:
      'Only with status DISMISSED and reason KNOWN_COUNTERPARTY or LEGITIMATE_ACTIVITY: the rules of this signal stop alerting for the profile',
  },
);

const reviewFields = {
  status: ReviewStatus,
  reason: Type.Optional(
    literalUnion(REASONS, {
      description: `CONFIRMED: ${REVIEW_REASONS.CONFIRMED.join(', ')}; DISMISSED: ${REVIEW_REASONS.DISMISSED.join(', ')}`,
    }),
  ),
  notes: Type.Optional(Type.String({ maxLength: 2000 })),
  suppress: Type.Optional(SuppressBody),
};

export const ReviewSignalBody = Type.Object(reviewFields, {
  additionalProperties: false,
  title: 'ReviewSignal',
});
export type ReviewSignalBody = Static<typeof ReviewSignalBody>;

export const BulkReviewBody = Type.Object(
  {
    signal_ids: Type.Array(Uuid, { minItems: 1, maxItems: 100, description: '1..100 signal IDs' }),
    ...reviewFields,
  },
  { additionalProperties: false, title: 'BulkReviewSignals' },
);
export type BulkReviewBody = Static<typeof BulkReviewBody>;

/** The review of a body (single or bulk) as the service takes it. */
export function toReviewRequest(body: ReviewSignalBody): ReviewRequest {
  return {
    status: body.status,
    reason: body.reason ?? null,
    notes: body.notes ?? null,
    suppress:
      body.suppress === undefined
        ? null
        : { counterpartyId: body.suppress.counterparty_id ?? null, days: body.suppress.days },
  };
}

export const ReopenSignalBody = Type.Object(
  { notes: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false, title: 'ReopenSignal' },
);
export type ReopenSignalBody = Static<typeof ReopenSignalBody>;

export const EvidenceResponse = Type.Object({
  rule_id: Uuid,
  rule_name: Type.String(),
  rule_type: literalUnion(RULE_TYPES),
  rule_version: Type.Integer(),
  weight: Type.Number(),
  severity: literalUnion(SEVERITIES),
  signal_category: literalUnion(SIGNAL_CATEGORIES),
  measured: Type.Number({ description: 'Money in major units where the rule measured money' }),
  threshold: Type.Number(),
  baseline: Type.Union([Type.Number(), Type.Null()]),
  reason: Type.String(),
  transaction_ids: Type.Array(Uuid),
  event_ids: Type.Array(Uuid),
  occurred_at: Timestamp,
});

export const RetractedEvidenceResponse = Type.Object(
  {
    ...EvidenceResponse.properties,
    retracted_at: Timestamp,
    retraction_reason: Type.String({ description: 'Why the evidence stopped holding' }),
  },
  { title: 'RetractedEvidence' },
);

export const SignalResponse = Type.Object(
  {
    id: Uuid,
    profile_id: Uuid,
    customer_id: Type.String(),
    status: literalUnion(SIGNAL_STATUSES),
    signal_category: literalUnion(SIGNAL_CATEGORIES),
    severity: literalUnion(SEVERITIES),
    score: Type.Number({ minimum: 0, maximum: 1 }),
    amount_at_risk: Type.Number({ description: 'Sum of the distinct debits in the evidence, major units' }),
    summary: Type.String(),
    evidence: Type.Array(EvidenceResponse, {
      description: `Oldest first; a signal with more than ${MAX_EVIDENCE_SERIALIZED} items shows its latest ${MAX_EVIDENCE_SERIALIZED} (evidence_count says how many there are)`,
    }),
    evidence_count: Type.Integer({
      minimum: 0,
      description: 'How many evidence items the signal has in all',
    }),
    retracted_evidence: Type.Array(RetractedEvidenceResponse, {
      description:
        'The signal\'s history: evidence that stopped holding when late data re-scored the profile (README "Late data"), oldest retraction first',
    }),
    retracted_at: Type.Union([Timestamp, Type.Null()], {
      description:
        'Set when late data retracted every evidence item; an unreviewed signal is then DISMISSED with no review',
    }),
    retraction_reason: Type.Union([Type.String(), Type.Null()]),
    first_seen_at: Timestamp,
    last_seen_at: Timestamp,
    batch_run_id: Type.Union([Uuid, Type.Null()]),
    recommended_action: literalUnion(RECOMMENDED_ACTIONS, {
      description: 'What to do next, by the rule of thumb in README "Recommended action"',
    }),
    assignee_id: Type.Union([Uuid, Type.Null()], { description: 'The user working the signal' }),
    assignee: Type.Union([AssigneeResponse, Type.Null()]),
    assigned_at: Type.Union([Timestamp, Type.Null()]),
    review: Type.Union([
      Type.Object({
        status: literalUnion(['CONFIRMED', 'DISMISSED'] as const),
        reason: Type.Union([Type.String(), Type.Null()]),
        notes: Type.Union([Type.String(), Type.Null()]),
        reviewed_at: Timestamp,
        reviewed_by: Type.String({
          description: 'ID of the user who reviewed (browser session), else of the API key',
        }),
      }),
      Type.Null(),
    ]),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Signal' },
);
export const SignalPage = Page(SignalResponse, 'SignalPage');

// Rules measure money in minor units; analysts read major units.
const MONEY_RULES = new Set([
  'THRESHOLD',
  'BASELINE_DEVIATION',
  'NEW_COUNTERPARTY',
  'RELATIONSHIP',
  'BALANCE_TREND',
  'PASS_THROUGH',
  'ACCOUNT_EVENT_SEQUENCE',
]);

/** One evidence entry as the wire shows it: money in major units where the rule measured money. */
export function toEvidenceJson(e: Evidence) {
  const money =
    e.money ?? (MONEY_RULES.has(e.ruleType) && Number.isInteger(e.measured) && Number.isInteger(e.threshold));
  return {
    rule_id: e.ruleId,
    rule_name: e.ruleName,
    rule_type: e.ruleType,
    rule_version: e.ruleVersion,
    weight: e.weight,
    severity: e.severity,
    signal_category: e.category,
    measured: money ? toMajorUnits(e.measured) : e.measured,
    threshold: money ? toMajorUnits(e.threshold) : e.threshold,
    baseline: e.baseline === null || !money ? e.baseline : toMajorUnits(e.baseline),
    reason: e.reason,
    transaction_ids: e.transactionIds,
    event_ids: e.eventIds,
    occurred_at: isoTimestamp(e.occurredAtMs),
  };
}

export function toSignalJson(s: SignalRecord) {
  return {
    id: s.id,
    profile_id: s.profileId,
    customer_id: s.customerId,
    status: s.status,
    signal_category: s.category,
    severity: s.severity,
    score: wireScore(s.score),
    amount_at_risk: toMajorUnits(s.amountAtRiskMinor),
    summary: s.summary,
    // Oldest first, the strongest rule first on each item: the same order however it was stored.
    evidence: [...s.evidence]
      .sort(
        (a, b) =>
          a.occurredAtMs - b.occurredAtMs || b.weight - a.weight || a.ruleName.localeCompare(b.ruleName),
      )
      .slice(-MAX_EVIDENCE_SERIALIZED)
      .map(toEvidenceJson),
    evidence_count: Math.max(s.evidenceTotal ?? 0, s.evidence.length),
    retracted_evidence: (s.retractedEvidence ?? []).slice(-MAX_EVIDENCE_SERIALIZED).map((e) => ({
      ...toEvidenceJson(e),
      retracted_at: isoTimestamp(e.retractedAtMs),
      retraction_reason: e.retractionReason,
    })),
    retracted_at: s.retractedAtMs == null ? null : isoTimestamp(s.retractedAtMs),
    retraction_reason: s.retractionReason ?? null,
    first_seen_at: isoTimestamp(s.firstSeenMs),
    last_seen_at: isoTimestamp(s.lastSeenMs),
    batch_run_id: s.batchRunId,
    recommended_action: recommendedAction(s),
    assignee_id: s.assigneeId ?? null,
    assignee: s.assignee ?? null,
    assigned_at: s.assignedAtMs == null ? null : isoTimestamp(s.assignedAtMs),
    review: s.review && {
      status: s.review.status,
      reason: s.review.reason,
      notes: s.review.notes,
      reviewed_at: isoTimestamp(s.review.reviewedAtMs),
      reviewed_by: s.review.reviewedBy,
    },
    created_at: isoTimestamp(s.createdAtMs),
    updated_at: isoTimestamp(s.updatedAtMs),
  };
}

/**
 * The signal as webhook events carry it: without the evidence list (a receiver reads it with
 * GET /signals/{id}), so every event body is small however much evidence the signal holds.
 */
export function toSignalEventJson(s: SignalRecord) {
  const { evidence: _evidence, retracted_evidence: _retracted, ...rest } = toSignalJson(s);
  return rest;
}
