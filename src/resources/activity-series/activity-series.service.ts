import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import {
  buildOutflowBand,
  buildSeriesPoints,
  decideSeriesRange,
  type OutflowBand,
  type SeriesBucket,
  type SeriesPoint,
  type SeriesRange,
} from '../../domain/activity-series.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import type { AccountEventsStore } from '../account-events/account-events.store.js';
import type { BaselinesStore } from '../baselines/baselines.store.js';
import type { ProfilesService } from '../profiles/profiles.service.js';
import type { SignalsStore } from '../signals/signals.store.js';
import type { TransactionsStore } from '../transactions/transactions.store.js';

export interface SeriesMarker {
  atMs: number;
  kind: 'ACCOUNT_EVENT' | 'SIGNAL' | 'DATE_OF_DEATH';
  label: string;
  refId: string;
}

export interface ActivitySeries {
  range: SeriesRange;
  points: SeriesPoint[];
  band: OutflowBand | null;
  baseline: { status: string; asOfMs: number } | null;
  markers: SeriesMarker[];
}

interface Deps {
  db: Kysely<Database>;
  clock: Clock;
  profiles: Pick<ProfilesService, 'get'>;
  transactions: Pick<TransactionsStore, 'listHistory'>;
  events: Pick<AccountEventsStore, 'listHistory'>;
  baselines: Pick<BaselinesStore, 'find'>;
  signals: Pick<SignalsStore, 'listFirstSeen' | 'confirmedEvidenceTransactionIds'>;
}

/** GET /profiles/{id}/activity-series (issue 10): a profile's money per day or week, for charts. */
export function createActivitySeriesService(deps: Deps) {
  const { db } = deps;

  async function band(ctx: TenantContext, profileId: string, bucket: SeriesBucket) {
    const stored = await deps.baselines.find(db, ctx.tenantId, ctx.environment, profileId);
    if (!stored) return { band: null, baseline: null };
    const { windowStartMs, asOfMs, status } = stored.baseline;
    // The same transactions the baseline was built from: its window, without confirmed exploitation.
    const [history, excluded] = await Promise.all([
      deps.transactions.listHistory(db, ctx.tenantId, ctx.environment, profileId, windowStartMs, asOfMs),
      deps.signals.confirmedEvidenceTransactionIds(db, ctx.tenantId, ctx.environment, profileId),
    ]);
    const debits = history.filter((t) => t.direction === 'DEBIT' && !excluded.has(t.id));
    return { band: buildOutflowBand(debits, asOfMs, bucket), baseline: { status, asOfMs } };
  }

  return {
    async get(
      ctx: TenantContext,
      profileId: string,
      query: { bucket: SeriesBucket; fromDayMs?: number; toDayMs?: number },
    ): Promise<ActivitySeries> {
      const profile = await deps.profiles.get(ctx, profileId);
      const decision = decideSeriesRange(query.bucket, query.fromDayMs, query.toDayMs, deps.clock.nowMs());
      if (!decision.ok) {
        switch (decision.reason) {
          case 'FROM_AFTER_TO':
            throw apiError('VALIDATION_ERROR', 'from must not be after to');
          case 'TOO_MANY_BUCKETS':
            throw apiError(
              'VALIDATION_ERROR',
              `the range must span at most ${decision.max} ${query.bucket === 'day' ? 'days' : 'weeks'}`,
            );
          default: {
            const unreachable: never = decision;
            throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
          }
        }
      }
      const { range } = decision;
      const { tenantId, environment } = ctx;
      const [transactions, events, signals, typical] = await Promise.all([
        deps.transactions.listHistory(db, tenantId, environment, profileId, range.fromMs, range.toMs),
        deps.events.listHistory(db, tenantId, environment, profileId, range.fromMs, range.toMs),
        deps.signals.listFirstSeen(tenantId, environment, profileId, range),
        band(ctx, profileId, range.bucket),
      ]);
      const markers: SeriesMarker[] = [
        ...events.map((e) => ({
          atMs: e.occurredAtMs,
          kind: 'ACCOUNT_EVENT' as const,
          label: e.eventType,
          refId: e.id,
        })),
        ...signals.map((s) => ({
          atMs: s.firstSeenMs,
          kind: 'SIGNAL' as const,
          label: `${s.category} (${s.severity})`,
          refId: s.id,
        })),
      ];
      const deathMs =
        profile.dateOfDeath === null ? undefined : Date.parse(`${profile.dateOfDeath}T00:00:00Z`);
      if (deathMs !== undefined && deathMs >= range.fromMs && deathMs < range.toMs)
        markers.push({ atMs: deathMs, kind: 'DATE_OF_DEATH', label: 'Date of death', refId: profile.id });
      markers.sort((a, b) => a.atMs - b.atMs || (a.refId < b.refId ? -1 : 1));
      return { range, points: buildSeriesPoints(range, transactions), ...typical, markers };
    },
  };
}
export type ActivitySeriesService = ReturnType<typeof createActivitySeriesService>;
