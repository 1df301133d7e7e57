import { Type, type Static } from 'typebox';
import { literalUnion, Uuid } from '../../api/schemas.js';
import { SIGNAL_CATEGORIES, SIGNAL_STATUSES } from '../../domain/values/enums.js';
import type { ApiError } from '../../api/errors.js';
import { ErrorBodySchema } from '../../api/schemas.js';
import type { BulkOutcome } from './signals.review.js';
import { SignalResponse, toSignalJson } from './signals.schemas.js';

export const AssignSignalBody = Type.Object(
  {
    assignee_id: Type.Union([Uuid, Type.Null()], {
      description: 'An ACTIVE user of the tenant, or null to unassign',
    }),
  },
  { additionalProperties: false, title: 'AssignSignal' },
);
export type AssignSignalBody = Static<typeof AssignSignalBody>;

export const SignalCountsQuery = Type.Object(
  {
    status: Type.Optional(literalUnion(SIGNAL_STATUSES)),
    signal_category: Type.Optional(literalUnion(SIGNAL_CATEGORIES)),
    category: Type.Optional(literalUnion(SIGNAL_CATEGORIES)),
    assignee: Type.Optional(
      Type.Unsafe<string>({
        type: 'string',
        maxLength: 36,
        pattern:
          '^(me|unassigned|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$',
        'x-message': 'must be a user ID, me or unassigned',
      }),
    ),
    profile_id: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);

export const SignalCountsResponse = Type.Object(
  {
    counts: Type.Object({
      LOW: Type.Integer(),
      MEDIUM: Type.Integer(),
      HIGH: Type.Integer(),
      CRITICAL: Type.Integer(),
    }),
    total: Type.Integer(),
  },
  { title: 'SignalCounts', description: 'Signals matching the filters, per severity (the queue header)' },
);

const BulkError = Type.Pick(ErrorBodySchema, ['code', 'message', 'status']);

export const BulkReviewResponse = Type.Object(
  {
    results: Type.Array(
      Type.Object({
        signal_id: Uuid,
        outcome: literalUnion(['REVIEWED', 'REFUSED'] as const),
        signal: Type.Optional(SignalResponse),
        error: Type.Optional(BulkError),
      }),
    ),
  },
  { title: 'BulkReviewResult', description: 'One result per signal ID, in the order given' },
);

const toErrorJson = (e: ApiError) => ({ code: e.code, message: e.message, status: e.status });

export function toBulkResultJson(outcomes: BulkOutcome[]) {
  return {
    results: outcomes.map((o) =>
      o.outcome === 'REVIEWED'
        ? { signal_id: o.signalId, outcome: o.outcome, signal: toSignalJson(o.signal) }
        : { signal_id: o.signalId, outcome: o.outcome, error: toErrorJson(o.error) },
    ),
  };
}
