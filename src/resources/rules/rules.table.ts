import type { Selectable } from 'kysely';

export interface RulesTable {
  id: string;
  tenant_id: string;
  environment: string;
  name: string;
  rule_type: string;
  severity: string;
  weight: number;
  signal_category: string;
  /** JSON object validated against the rule type's parameter schema. */
  parameters: string;
  enabled: number;
  description: string | null;
  version: number;
  is_default: number;
  created_at: number;
  updated_at: number;
}
export type RuleRow = Selectable<RulesTable>;
