import type { Actor } from '../../api/context.js';
import type { BatchRunStatus, Environment } from '../../domain/values/enums.js';
import type { Rule } from '../rules/rule.js';
import type { DetectionSettingsRecord } from '../settings/detection-settings.js';

/** What a batch run was asked to do (api.md §5.7), defaults resolved. */
export interface BatchRunRequest {
  /** The profiles named, or null for every ACTIVE and DECEASED profile. */
  profileIds: string[] | null;
  /** The scored window [fromMs, toMs) of item time. */
  fromMs: number;
  toMs: number;
  recomputeBaselines: boolean;
  /** The rules named, or null for every enabled rule. */
  ruleIds: string[] | null;
}

/** The rules and settings as they were when the run was created: every chunk scores with these. */
export interface BatchRunSnapshot {
  rules: Rule[];
  settings: DetectionSettingsRecord;
}

export interface BatchRunProgress {
  profilesTotal: number;
  profilesDone: number;
  transactionsScored: number;
  signalsCreated: number;
  signalsUpdated: number;
  errors: number;
}

/** A re-score of a tenant environment or part of it, run asynchronously in chunks of profiles. */
export interface BatchRun {
  id: string;
  tenantId: string;
  environment: Environment;
  status: BatchRunStatus;
  request: BatchRunRequest;
  chunkSize: number;
  chunksTotal: number;
  chunksDone: number;
  progress: BatchRunProgress;
  failureReason: string | null;
  /** Who asked: named in the audit events the run writes as it goes. */
  actor: Actor;
  requestId: string;
  createdAtMs: number;
  startedAtMs: number | null;
  finishedAtMs: number | null;
}
