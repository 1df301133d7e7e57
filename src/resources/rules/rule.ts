import type { RuleType, Severity, SignalCategory } from '../../domain/values/enums.js';

/** A tenant's detection rule (api.md §5.5). */
export interface Rule {
  id: string;
  name: string;
  ruleType: RuleType;
  severity: Severity;
  weight: number;
  signalCategory: SignalCategory;
  parameters: Record<string, unknown>;
  enabled: boolean;
  description: string | null;
  version: number;
  isDefault: boolean;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface RuleStats {
  signalsTotal: number;
  confirmed: number;
  dismissed: number;
}
