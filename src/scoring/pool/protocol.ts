import type { Rule } from '../../resources/rules/rule.js';
import type { DetectionSettingsRecord } from '../../resources/settings/detection-settings.js';
import type { BatchProfileInput, BatchProfileOutcome } from '../batch-profile.js';

/** A batch run's rules and settings as they cross to a thread: records; the engine's functions are attached there. */
export interface RunSnapshot {
  rules: Rule[];
  settings: DetectionSettingsRecord;
}

/** Main thread → scoring thread: one profile to score with its run's rules (a few records, cloned each time). */
export interface ScoreRequest {
  id: number;
  run: RunSnapshot;
  input: BatchProfileInput;
}

/** Scoring thread → main thread. */
export type ScoreReply = { id: number; outcome: BatchProfileOutcome } | { id: number; error: string };
