import type { TSchema } from 'typebox';
import type { AccountEvent, Transaction } from '../activity.js';
import type { Baseline } from '../baseline/baseline.js';
import type { ConfirmedCounterparty } from './confirmed-counterparties.js';
import type { EnrollmentReason, ProfileStatus, RuleType, Severity, SignalCategory } from '../values/enums.js';

/** What the engine knows of the profile (plain data, assembled by the shell). */
export interface ProfileFacts {
  id: string;
  dateOfBirth: string;
  enrollmentReason: EnrollmentReason;
  hasTrustedContact: boolean;
  status: ProfileStatus;
  /** YYYY-MM-DD, set when the profile is DECEASED (or CLOSED after death). */
  dateOfDeath: string | null;
}

/** The item being scored: one transaction or one account event. */
export type ScoredItem =
  { kind: 'transaction'; transaction: Transaction } | { kind: 'event'; event: AccountEvent };

/** A rule that fired earlier for this profile (from stored evidence), for COMPOSITE rules. */
export interface PriorFiring {
  ruleId: string;
  occurredAtMs: number;
}

/** Tenant detection settings the rules read (api.md §5.8). */
export interface DetectionSettings {
  highRiskCountries: ReadonlySet<string>;
}

/**
 * Everything a rule may look at. `history` holds the profile's transactions and events sorted by
 * (occurredAtMs, id), possibly including items after the scored one: rules must only use items with
 * occurredAtMs <= the scored item's (use the helpers of history.ts), so the result does not depend on
 * ingestion order (detection.md §1).
 */
export interface RuleInput {
  profile: ProfileFacts;
  /** The stored baseline, or null. Baseline-relative measures answer INSUFFICIENT_HISTORY unless status is READY. */
  baseline: Baseline | null;
  history: History;
  item: ScoredItem;
  settings: DetectionSettings;
  /** Rules that fired for this profile before, and for this item so far (COMPOSITE only). */
  priorFirings: readonly PriorFiring[];
  /**
   * Batch runs only: the time the run evaluates "as of" (the end of its window). Rules that look for
   * what did not happen (MISSING_EXPECTED_ACTIVITY) measure up to this time instead of the item's.
   */
  asOfMs?: number;
  /**
   * Counterparties confirmed as part of exploitation (learning from reviews), by counterparty ID:
   * this profile's own, and the tenant's watch list when it is on. Absent: none.
   */
  confirmedCounterparties?: Pick<ReadonlyMap<string, ConfirmedCounterparty>, 'get'>;
}

export interface History {
  /** Sorted by (occurredAtMs, id); the scored transaction itself is included. */
  transactions: readonly Transaction[];
  /** Sorted by (occurredAtMs, id); the scored event itself is included. */
  events: readonly AccountEvent[];
}

export interface Fired {
  outcome: 'FIRED';
  /** The measured value (money in minor units, counts, ratios), as the reason describes it. */
  measured: number;
  threshold: number;
  /** The baseline value compared against, or null when the rule used none. */
  baseline: number | null;
  /** One plain sentence an analyst can read, money in major units with the currency sign left out. */
  reason: string;
  transactionIds: string[];
  eventIds: string[];
  /** A category the measurement itself decides (KEYWORD group, RELATIONSHIP party); else the rule's. */
  category?: SignalCategory;
  /**
   * Whether measured, threshold and baseline are money in minor units, for a rule type whose modes
   * measure money or counts (PAYMENT_INSTRUMENT); unset, the rule type decides (signals.schemas.ts).
   */
  money?: boolean;
}

export type Measurement = Fired | { outcome: 'NOT_FIRED' } | { outcome: 'INSUFFICIENT_HISTORY' };

/** One rule_type: its parameter schema (TypeBox, with defaults) and its measure function. */
export interface RuleTypeDefinition<P = Record<string, unknown>> {
  type: RuleType;
  /** Validated on create and update; unknown or out-of-range parameters are refused (api.md §5.5). */
  parameters: TSchema;
  defaultCategory: SignalCategory;
  /** False for MISSING_EXPECTED_ACTIVITY: it looks for what did not happen, so only batch runs evaluate it. */
  realTime: boolean;
  measure(input: RuleInput, params: P): Measurement;
}

/** A row of the default rule set (detection.md §4). */
export interface DefaultRule {
  name: string;
  ruleType: RuleType;
  weight: number;
  severity: Severity;
  signalCategory: SignalCategory;
  description: string;
  parameters: Record<string, unknown>;
}

export const NOT_FIRED: Measurement = { outcome: 'NOT_FIRED' };
export const INSUFFICIENT_HISTORY: Measurement = { outcome: 'INSUFFICIENT_HISTORY' };
