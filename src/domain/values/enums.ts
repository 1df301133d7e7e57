/** Enumerations of the contract (api.md), as const lists: schemas and union types are built from them. */

export const ENVIRONMENTS = ['production', 'sandbox'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const SCOPES = [
  'profiles:read',
  'profiles:write',
  'transactions:read',
  'transactions:write',
  'baselines:read',
  'baselines:write',
  'rules:read',
  'rules:write',
  'signals:read',
  'signals:review',
  'signals:assign',
  'batch_runs:read',
  'batch_runs:write',
  'webhooks:manage',
  'api_keys:manage',
  'users:manage',
  'audit:read',
] as const;
export type Scope = (typeof SCOPES)[number];

export const PROFILE_STATUSES = ['ACTIVE', 'SUSPENDED', 'CLOSED', 'DECEASED'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];

export const ENROLLMENT_REASONS = [
  'AGE_THRESHOLD',
  'CUSTOMER_REQUEST',
  'TRUSTED_CONTACT_REQUEST',
  'STAFF_REFERRAL',
  'DIMINISHED_CAPACITY_CONCERN',
  'PRIOR_VICTIMIZATION',
  'POA_OR_FIDUCIARY_ESTABLISHED',
  'APS_OR_LAW_ENFORCEMENT_REFERRAL',
  'RECENT_LIFE_EVENT',
  'OTHER',
] as const;
export type EnrollmentReason = (typeof ENROLLMENT_REASONS)[number];

export const RISK_LEVELS = ['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const BASELINE_STATUSES = ['NONE', 'INSUFFICIENT_HISTORY', 'READY'] as const;
export type BaselineStatus = (typeof BASELINE_STATUSES)[number];

export const DIRECTIONS = ['DEBIT', 'CREDIT'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const CHANNELS = [
  'CARD',
  'ATM',
  'TELLER',
  'CHECK',
  'ACH',
  'WIRE',
  'P2P',
  'BILL_PAY',
  'ONLINE_TRANSFER',
  'CRYPTO',
  'GIFT_CARD',
  'OTHER',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const COUNTERPARTY_TYPES = ['INDIVIDUAL', 'BUSINESS', 'UNKNOWN'] as const;
export type CounterpartyType = (typeof COUNTERPARTY_TYPES)[number];

export const COUNTERPARTY_RELATIONSHIPS = [
  'SELF',
  'FAMILY',
  'CAREGIVER',
  'FIDUCIARY',
  'JOINT_OWNER',
  'OTHER',
  'UNKNOWN',
] as const;
export type CounterpartyRelationship = (typeof COUNTERPARTY_RELATIONSHIPS)[number];

export const INITIATORS = [
  'CUSTOMER',
  'AUTHORIZED_USER',
  'FIDUCIARY',
  'JOINT_OWNER',
  'INSTITUTION',
  'UNKNOWN',
] as const;
export type Initiator = (typeof INITIATORS)[number];

export const EVENT_TYPES = [
  'ADDRESS_CHANGE',
  'PHONE_CHANGE',
  'EMAIL_CHANGE',
  'PASSWORD_RESET',
  'NEW_DEVICE_LOGIN',
  'LOGIN',
  'POA_ADDED',
  'AUTHORIZED_USER_ADDED',
  'JOINT_OWNER_ADDED',
  'BENEFICIARY_CHANGE',
  'TRUSTED_CONTACT_CHANGE',
  'PAYEE_ADDED',
  'LIMIT_INCREASE',
  'DIRECT_DEPOSIT_CHANGE',
  'CD_EARLY_WITHDRAWAL',
  'STAFF_CONCERN',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const SEVERITIES = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SIGNAL_CATEGORIES = [
  'SCAM_GOVERNMENT_IMPOSTER',
  'SCAM_ROMANCE',
  'SCAM_TECH_SUPPORT',
  'SCAM_PERSON_IN_NEED',
  'SCAM_LOTTERY_SWEEPSTAKES',
  'SCAM_INVESTMENT',
  'SCAM_OTHER',
  'MONEY_MULE_VICTIM',
  'ACCOUNT_TAKEOVER',
  'THEFT_FAMILY',
  'THEFT_CAREGIVER',
  'THEFT_FIDUCIARY',
  'THEFT_OTHER_KNOWN_PERSON',
  'POST_DEATH_ACTIVITY',
  'DIMINISHED_CAPACITY_INDICATOR',
  'UNDETERMINED',
] as const;
export type SignalCategory = (typeof SIGNAL_CATEGORIES)[number];

export const RULE_TYPES = [
  'THRESHOLD',
  'BASELINE_DEVIATION',
  'VELOCITY',
  'NEW_COUNTERPARTY',
  'PAYMENT_INSTRUMENT',
  'KEYWORD',
  'ACCOUNT_EVENT_SEQUENCE',
  'RELATIONSHIP',
  'DORMANCY',
  'BALANCE_TREND',
  'MISSING_EXPECTED_ACTIVITY',
  'PASS_THROUGH',
  'LIFECYCLE_STATUS',
  'CONTEXT_MODIFIER',
  'COMPOSITE',
  'CONFIRMED_COUNTERPARTY',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

export const SIGNAL_STATUSES = ['ACTIVE', 'CONFIRMED', 'DISMISSED'] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

export const REVIEW_OUTCOMES = ['CONFIRMED', 'DISMISSED'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Reason codes of a review, per outcome (api.md §5.6). */
export const REVIEW_REASONS = {
  CONFIRMED: ['SAR_FILED', 'APS_REFERRED', 'HOLD_PLACED', 'CUSTOMER_CONFIRMED', 'LAW_ENFORCEMENT', 'OTHER'],
  DISMISSED: [
    'LEGITIMATE_ACTIVITY',
    'CUSTOMER_VERIFIED',
    'KNOWN_COUNTERPARTY',
    'DUPLICATE',
    'INSUFFICIENT_EVIDENCE',
    'OTHER',
  ],
} as const;
export type ReviewReason = (typeof REVIEW_REASONS)[ReviewOutcome][number];

export const BATCH_RUN_STATUSES = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type BatchRunStatus = (typeof BATCH_RUN_STATUSES)[number];
