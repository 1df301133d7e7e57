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
  'batch_runs:read',
  'batch_runs:write',
  'webhooks:manage',
  'api_keys:manage',
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
