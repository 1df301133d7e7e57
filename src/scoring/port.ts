import type { TenantContext } from '../api/context.js';
import type { AccountEvent, Transaction } from '../domain/activity.js';
import type { Executor } from '../store/transaction.js';
import type { Profile } from '../resources/profiles/profile.js';

export interface ScoredActivity {
  /** The profile as locked for this ingest, before its activity version changed. */
  profile: Profile;
  /** The profile's activity version once this ingest commits. */
  activityVersion: string;
  transactions: Transaction[];
  events: AccountEvent[];
}

export interface ScoringOutcome {
  /** Signal IDs per scored transaction or event ID. */
  signalIdsByItem: Map<string, string[]>;
  /** Signals created or updated, already presented for the wire. */
  signals: unknown[];
}

/**
 * Real-time scoring of newly ingested activity, run inside the ingest transaction (api.md §5.2).
 * The detection engine plugs in here (issue #4); until then ingestion stores without scoring.
 */
export interface ActivityScorer {
  score(trx: Executor, ctx: TenantContext, batch: readonly ScoredActivity[]): Promise<ScoringOutcome>;
}

export const scoringNotInstalled: ActivityScorer = {
  score: () => Promise.resolve({ signalIdsByItem: new Map(), signals: [] }),
};
