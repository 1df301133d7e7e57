export interface TenantSettingsTable {
  tenant_id: string;
  environment: string;
  signal_threshold: number;
  grouping_window_days: number;
  baseline_lookback_days: number;
  /** JSON array of ISO 3166-1 alpha-2 codes. */
  high_risk_countries: string;
  updated_at: number;
  /** Set anew by every write of the environment's rules (the rules cache's version). */
  rules_version: string | null;
  /** 1 when counterparties confirmed on one profile weigh on the tenant's other profiles (watch list). */
  watch_list_enabled: number;
  /** Set anew by every change of confirmed counterparties or the watch list (their cache's version). */
  watch_list_version: string | null;
}
