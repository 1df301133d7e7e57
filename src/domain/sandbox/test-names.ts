import type { EngineRule } from '../detection/engine.js';
import type { RuleTypeDefinition } from '../detection/types.js';
import type { Severity, SignalCategory } from '../values/enums.js';

/** A sandbox test name's fixed outcome on every debit (api.md §7). `null` means "Test Clean": never a signal. */
export type SandboxOutcome = { category: SignalCategory; severity: Severity; score: number } | null;

// api.md §7 [fixed]: the table of sandbox test names.
const TEST_NAMES: [string, SandboxOutcome][] = [
  ['test clean', null],
  ['test romance', { category: 'SCAM_ROMANCE', severity: 'HIGH', score: 0.75 }],
  ['test imposter', { category: 'SCAM_GOVERNMENT_IMPOSTER', severity: 'HIGH', score: 0.75 }],
  ['test techsupport', { category: 'SCAM_TECH_SUPPORT', severity: 'HIGH', score: 0.75 }],
  ['test grandparent', { category: 'SCAM_PERSON_IN_NEED', severity: 'HIGH', score: 0.75 }],
  ['test lottery', { category: 'SCAM_LOTTERY_SWEEPSTAKES', severity: 'MEDIUM', score: 0.5 }],
  ['test investment', { category: 'SCAM_INVESTMENT', severity: 'HIGH', score: 0.75 }],
  ['test mule', { category: 'MONEY_MULE_VICTIM', severity: 'MEDIUM', score: 0.5 }],
  ['test takeover', { category: 'ACCOUNT_TAKEOVER', severity: 'CRITICAL', score: 0.9 }],
  ['test family', { category: 'THEFT_FAMILY', severity: 'HIGH', score: 0.75 }],
  ['test caregiver', { category: 'THEFT_CAREGIVER', severity: 'HIGH', score: 0.75 }],
  ['test fiduciary', { category: 'THEFT_FIDUCIARY', severity: 'CRITICAL', score: 0.9 }],
  ['test capacity', { category: 'DIMINISHED_CAPACITY_INDICATOR', severity: 'LOW', score: 0.3 }],
];

/**
 * The fixed outcome for a sandbox profile whose name starts with a test name followed by a space
 * (case-insensitive), or undefined for any other name (normal detection).
 */
export function sandboxOutcome(customerName: string): SandboxOutcome | undefined {
  const name = customerName.toLowerCase();
  return TEST_NAMES.find(([prefix]) => name.startsWith(`${prefix} `))?.[1];
}

const definition: RuleTypeDefinition<never> = {
  type: 'THRESHOLD',
  parameters: {},
  defaultCategory: 'UNDETERMINED',
  realTime: true,
  measure: (input) =>
    input.item.kind === 'transaction' && input.item.transaction.direction === 'DEBIT'
      ? {
          outcome: 'FIRED',
          measured: input.item.transaction.amountMinor,
          threshold: 0,
          baseline: null,
          reason: 'Sandbox test name: this outcome is fixed for every debit of the profile (api.md §7).',
          transactionIds: [input.item.transaction.id],
          eventIds: [],
        }
      : { outcome: 'NOT_FIRED' },
};

/**
 * The one rule a test-name profile is scored by: it fires on every debit with the table's weight
 * (= score), severity and category, so grouping and evidence keys work as for real rules.
 */
// One rule ID for every test name: a profile has one name, so evidence keys (rule, item) never clash.
const SANDBOX_RULE_ID = '00000000-0000-4000-8000-000000000007';

export function sandboxRule(outcome: NonNullable<SandboxOutcome>): EngineRule {
  return {
    id: SANDBOX_RULE_ID,
    name: `Sandbox test name (${outcome.category})`,
    ruleType: 'THRESHOLD',
    version: 1,
    weight: outcome.score,
    severity: outcome.severity,
    signalCategory: outcome.category,
    definition,
    parameters: {},
  };
}
