import type { Actor } from '../../api/context.js';
import type { BatchRunStatus, Environment } from '../../domain/values/enums.js';
import type { RuleDraft } from '../rules/rule-draft.js';
import type { Rule } from '../rules/rule.js';
import type { DetectionSettingsRecord } from '../settings/detection-settings.js';

/** What a backtest was asked (defaults resolved): a draft rule set over a window of item time. */
export interface BacktestRequest {
  draft: RuleDraft;
  /** The profiles named, or null for every ACTIVE and DECEASED profile. */
  profileIds: string[] | null;
  fromMs: number;
  toMs: number;
  recomputeBaselines: boolean;
}

/** Both sides of the comparison, as they were when the backtest was created. */
export interface BacktestSnapshot {
  current: { rules: Rule[]; settings: DetectionSettingsRecord };
  draft: { rules: Rule[]; settings: DetectionSettingsRecord };
  /** The tenant environment's rules version then: apply-draft of this backtest needs it unchanged. */
  rulesVersion: string | null;
}

/** A backtest's status follows a batch run's (api.md §5.7): QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED. */
export interface Backtest {
  id: string;
  tenantId: string;
  environment: Environment;
  status: BatchRunStatus;
  request: BacktestRequest;
  rulesVersion: string | null;
  progress: { profilesTotal: number; profilesDone: number; errors: number };
  /** The result in its wire shape (backtests.schemas.ts BacktestResult), once COMPLETED. */
  result: unknown;
  failureReason: string | null;
  actor: Actor;
  requestId: string;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}
