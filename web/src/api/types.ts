import type {
  BATCH_RUN_STATUSES,
  Environment,
  ProfileStatus,
  ReviewOutcome,
  RuleType,
  Scope,
  Severity,
  SignalCategory,
  SignalStatus,
} from '../../../src/domain/values/enums';

/** Wire shapes the console reads (api.md §5 and the issue-10 contract), snake_case as sent. */
export type { Environment, Scope, Severity, SignalCategory, SignalStatus, ReviewOutcome };

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export type Role = 'analyst' | 'supervisor' | 'admin';

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  tenant_id: string;
  status: string;
  /** After sign-in with a one-time password: only /auth works until a new password is chosen. */
  password_change_required?: boolean;
}

export interface Session {
  user: SessionUser;
  environment: Environment;
  csrf_token: string;
  scopes: Scope[];
  expires_at: string;
  idle_expires_at: string;
}

export interface Evidence {
  rule_id: string;
  rule_name: string;
  rule_type: RuleType;
  rule_version: number;
  weight: number;
  severity: Severity;
  signal_category: SignalCategory;
  measured: number;
  threshold: number;
  baseline: number | null;
  reason: string;
  transaction_ids: string[];
  event_ids: string[];
  occurred_at: string;
}

/** Evidence late data retracted: the signal's history (README "Late data"). */
export interface RetractedEvidence extends Evidence {
  retracted_at: string;
  retraction_reason: string;
}

export interface Assignee {
  id: string;
  email: string;
  name: string | null;
}

export interface Signal {
  id: string;
  profile_id: string;
  customer_id: string;
  status: SignalStatus;
  signal_category: SignalCategory;
  severity: Severity;
  score: number;
  amount_at_risk: number;
  summary: string;
  evidence: Evidence[];
  /** Absent from servers before late data (issue 13). */
  retracted_evidence?: RetractedEvidence[];
  retracted_at?: string | null;
  retraction_reason?: string | null;
  first_seen_at: string;
  last_seen_at: string;
  batch_run_id: string | null;
  assignee_id?: string | null;
  assignee?: Assignee | null;
  review: {
    status: ReviewOutcome;
    reason: string | null;
    notes: string | null;
    reviewed_at: string;
    reviewed_by: string;
  } | null;
  created_at: string;
  updated_at: string;
}

export interface SignalCounts {
  counts: Record<Severity, number>;
  total: number;
}

export interface Note {
  id: string;
  signal_id: string;
  author: { type: 'user' | 'api_key'; id: string | null; name: string };
  body: string;
  created_at: string;
}

export interface BulkResult {
  signal_id: string;
  outcome: 'REVIEWED' | 'REFUSED';
  signal?: Signal;
  error?: { code: string; message: string; status: number };
}

export interface TrustedContact {
  name?: string | null;
  relationship?: string | null;
  phone?: string | null;
  email?: string | null;
}

export interface Profile {
  id: string;
  customer_id: string;
  customer_name: string;
  date_of_birth: string;
  age: number;
  enrollment_reason: string;
  enrollment_notes: string | null;
  currency: string;
  status: ProfileStatus;
  status_changed_at: string | null;
  date_of_death: string | null;
  trusted_contact: TrustedContact | null;
  risk_score: number;
  risk_level: string;
  open_signal_count: number;
  baseline_status: 'NONE' | 'INSUFFICIENT_HISTORY' | 'READY';
  created_at: string;
  updated_at: string;
}

export interface Baseline {
  status?: string;
  computed_at?: string;
  [key: string]: unknown;
}

export interface Transaction {
  id: string;
  external_id: string;
  occurred_at: string;
  amount: number;
  direction: 'DEBIT' | 'CREDIT';
  channel: string;
  counterparty_name: string | null;
  counterparty_id: string | null;
  description: string | null;
  initiated_by?: string | null;
}

export interface AccountEvent {
  id: string;
  external_id: string;
  occurred_at: string;
  event_type: string;
  party_name: string | null;
  party_id: string | null;
  device_id: string | null;
}

export interface Suppression {
  id: string;
  profile_id: string;
  counterparty_id: string | null;
  signal_id: string | null;
  created_at: string;
  expires_at: string;
}

export interface SeriesPoint {
  start: string;
  debits_total: number;
  credits_total: number;
  customer_initiated_debits_total: number;
  baseline_median: number | null;
  baseline_p90: number | null;
}

export interface SeriesMarker {
  at: string;
  kind: 'ACCOUNT_EVENT' | 'SIGNAL' | 'DATE_OF_DEATH';
  label: string;
  ref_id: string | null;
}

export interface ActivitySeries {
  profile_id: string;
  bucket: 'day' | 'week';
  from: string;
  to: string;
  points: SeriesPoint[];
  markers: SeriesMarker[];
}

export interface Rule {
  id: string;
  name: string;
  rule_type: RuleType;
  severity: Severity;
  weight: number;
  signal_category: SignalCategory;
  enabled: boolean;
  description: string | null;
  version: number;
  is_default: boolean;
  stats: { signals_total: number; confirmed: number; dismissed: number; precision: number | null };
}

export interface BatchRun {
  id: string;
  status: (typeof BATCH_RUN_STATUSES)[number];
  request: { profile_ids: string[] | null; from: string; to: string; recompute_baselines: boolean };
  progress: {
    profiles_total: number;
    profiles_done: number;
    transactions_scored: number;
    signals_created: number;
    signals_updated: number;
    errors: number;
  };
  failure_reason: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { api_key_id: string | null; user_id?: string | null; name: string };
  action: string;
  resource_type: string;
  resource_id: string;
  changes: Record<string, unknown[]> | null;
  request_id: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  status: 'ACTIVE' | 'DISABLED';
  created_at: string;
}

export interface ApiKey {
  id: string;
  name: string;
  environment: Environment;
  key_hint: string;
  scopes: Scope[];
  created_at: string;
  last_used_at?: string | null;
  expires_at?: string | null;
  revoked_at?: string | null;
}

export interface Webhook {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  enabled: boolean;
  created_at: string;
}

export interface WebhookDelivery {
  id: string;
  event_id: string;
  event_type: string;
  attempt: number;
  status: string;
  response_status: number | null;
  error: string | null;
  created_at?: string;
  attempted_at?: string;
}
