import { Type, type Static } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { BATCH_RUN_STATUSES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { BatchRun } from './batch-run.js';

export const MAX_BATCH_PROFILE_IDS = 10_000;

const time = (description: string) => Type.String({ format: 'date-time', maxLength: 40, description });

export const BatchRunParams = Type.Object({ batch_run_id: Uuid });

export const ListBatchRunsQuery = Type.Object(
  { status: Type.Optional(literalUnion(BATCH_RUN_STATUSES)), ...ListQuery },
  { additionalProperties: false },
);
export type ListBatchRunsQuery = Static<typeof ListBatchRunsQuery>;

export const CreateBatchRunBody = Type.Object(
  {
    profile_ids: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: MAX_BATCH_PROFILE_IDS,
        description: 'Profiles to re-score (repeats ignored); default: every ACTIVE and DECEASED profile',
      }),
    ),
    from: Type.Optional(
      time(
        'RFC 3339 start of the window of transaction and event time (inclusive); default: `to` minus 30 days',
      ),
    ),
    to: Type.Optional(time('RFC 3339 end of the window (exclusive); default: now')),
    recompute_baselines: Type.Optional(
      Type.Boolean({
        description:
          'Recompute each baseline as of `from` and store it (default true); false scores with the stored baseline as it is',
      }),
    ),
    rule_ids: Type.Optional(
      Type.Array(Uuid, {
        minItems: 1,
        maxItems: 500,
        description: 'Rules to run, enabled or not (default: every enabled rule)',
      }),
    ),
  },
  { additionalProperties: false, title: 'CreateBatchRun' },
);
export type CreateBatchRunBody = Static<typeof CreateBatchRunBody>;

const count = (description?: string) =>
  Type.Integer({ minimum: 0, ...(description === undefined ? {} : { description }) });
const NullableTimestamp = Type.Union([Timestamp, Type.Null()]);

export const BatchRunResponse = Type.Object(
  {
    id: Uuid,
    status: literalUnion(BATCH_RUN_STATUSES),
    request: Type.Object({
      profile_ids: Type.Union([Type.Array(Uuid), Type.Null()], {
        description: 'null: every ACTIVE and DECEASED profile at the start of the run',
      }),
      from: Timestamp,
      to: Timestamp,
      recompute_baselines: Type.Boolean(),
      rule_ids: Type.Union([Type.Array(Uuid), Type.Null()], { description: 'null: every enabled rule' }),
    }),
    progress: Type.Object({
      profiles_total: count('Known once the run is RUNNING when profile_ids was not given'),
      profiles_done: count(),
      transactions_scored: count('Transactions and account events scored'),
      signals_created: count(),
      signals_updated: count('Signals opened before the run that it added evidence to'),
      errors: count('Profiles that could not be scored'),
    }),
    failure_reason: Type.Union([Type.String(), Type.Null()], { description: 'Why a FAILED run failed' }),
    created_at: Timestamp,
    started_at: NullableTimestamp,
    finished_at: NullableTimestamp,
  },
  { title: 'BatchRun' },
);
export const BatchRunPage = Page(BatchRunResponse, 'BatchRunPage');

export function toBatchRunJson(run: BatchRun) {
  const { request: r, progress: p } = run;
  return {
    id: run.id,
    status: run.status,
    request: {
      profile_ids: r.profileIds,
      from: isoTimestamp(r.fromMs),
      to: isoTimestamp(r.toMs),
      recompute_baselines: r.recomputeBaselines,
      rule_ids: r.ruleIds,
    },
    progress: {
      profiles_total: p.profilesTotal,
      profiles_done: p.profilesDone,
      transactions_scored: p.transactionsScored,
      signals_created: p.signalsCreated,
      signals_updated: p.signalsUpdated,
      errors: p.errors,
    },
    failure_reason: run.failureReason,
    created_at: isoTimestamp(run.createdAtMs),
    started_at: run.startedAtMs === null ? null : isoTimestamp(run.startedAtMs),
    finished_at: run.finishedAtMs === null ? null : isoTimestamp(run.finishedAtMs),
  };
}
