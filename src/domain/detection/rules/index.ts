import type { RuleType } from '../../values/enums.js';
import type { DefaultRule, RuleTypeDefinition } from '../types.js';
import { accountEventSequence, accountEventSequenceDefaults } from './account-event-sequence.js';
import { balanceTrend, balanceTrendDefaults } from './balance-trend.js';
import { baselineDeviation, baselineDeviationDefaults } from './baseline-deviation.js';
import { composite } from './composite.js';
import { confirmedCounterparty, confirmedCounterpartyDefaults } from './confirmed-counterparty.js';
import { contextModifier, contextModifierDefaults } from './context-modifier.js';
import { dormancy, dormancyDefaults } from './dormancy.js';
import { keyword, keywordDefaults } from './keyword.js';
import { lifecycleStatus, lifecycleStatusDefaults } from './lifecycle-status.js';
import { missingExpectedActivity, missingExpectedActivityDefaults } from './missing-expected-activity.js';
import { newCounterparty, newCounterpartyDefaults } from './new-counterparty.js';
import { passThrough, passThroughDefaults } from './pass-through.js';
import { paymentInstrument, paymentInstrumentDefaults } from './payment-instrument.js';
import { relationship, relationshipDefaults } from './relationship.js';
import { threshold } from './threshold.js';
import { velocity, velocityDefaults } from './velocity.js';

// Each definition is typed by its own parameters; the registry erases them to a common shape.
type AnyDefinition = RuleTypeDefinition<never>;

/** Every rule_type of detection.md §4 and its measure function and parameter schema. */
export const RULE_TYPE_DEFINITIONS: Record<RuleType, AnyDefinition> = {
  THRESHOLD: threshold,
  BASELINE_DEVIATION: baselineDeviation,
  VELOCITY: velocity,
  NEW_COUNTERPARTY: newCounterparty,
  PAYMENT_INSTRUMENT: paymentInstrument,
  KEYWORD: keyword,
  ACCOUNT_EVENT_SEQUENCE: accountEventSequence,
  RELATIONSHIP: relationship,
  DORMANCY: dormancy,
  BALANCE_TREND: balanceTrend,
  MISSING_EXPECTED_ACTIVITY: missingExpectedActivity,
  PASS_THROUGH: passThrough,
  LIFECYCLE_STATUS: lifecycleStatus,
  CONTEXT_MODIFIER: contextModifier,
  COMPOSITE: composite,
  CONFIRMED_COUNTERPARTY: confirmedCounterparty,
};

/** The default rule set every tenant environment starts with (detection.md §4), in the table's order. */
export const DEFAULT_RULES: readonly DefaultRule[] = [
  ...baselineDeviationDefaults,
  ...velocityDefaults,
  ...newCounterpartyDefaults,
  ...paymentInstrumentDefaults,
  ...keywordDefaults,
  ...accountEventSequenceDefaults,
  ...relationshipDefaults,
  ...dormancyDefaults,
  ...balanceTrendDefaults,
  ...missingExpectedActivityDefaults,
  ...passThroughDefaults,
  ...lifecycleStatusDefaults,
  ...contextModifierDefaults,
  ...confirmedCounterpartyDefaults,
];
