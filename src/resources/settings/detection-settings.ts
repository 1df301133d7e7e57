/** A tenant environment's detection settings (api.md §5.8). */
export interface DetectionSettingsRecord {
  signalThreshold: number;
  groupingWindowDays: number;
  baselineLookbackDays: number;
  highRiskCountries: string[];
  /** Counterparties confirmed on one profile weigh on the tenant's other profiles (opt-in). */
  watchListEnabled: boolean;
  updatedAtMs: number;
  /** Renewed by every write of the environment's rules (RulesStore); never on the wire. */
  rulesVersion: string | null;
  /** Renewed by every change of confirmed counterparties or the watch list (WatchListStore); never on the wire. */
  watchListVersion?: string | null;
}
