import type {
  BaselineStatus,
  EnrollmentReason,
  ProfileStatus,
  RiskLevel,
} from '../../domain/values/enums.js';

export interface TrustedContact {
  name: string;
  relationship?: string;
  phone?: string;
  email?: string;
}

/** An enrolled older customer (api.md §5.1), as the services see it. */
export interface Profile {
  id: string;
  customerId: string;
  customerName: string;
  dateOfBirth: string;
  enrollmentReason: EnrollmentReason;
  enrollmentNotes: string | null;
  currency: string;
  status: ProfileStatus;
  statusChangedAtMs: number;
  dateOfDeath: string | null;
  trustedContact: TrustedContact | null;
  riskScore: number;
  riskLevel: RiskLevel;
  openSignalCount: number;
  baselineStatus: BaselineStatus;
  metadata: Record<string, unknown> | null;
  /** Changes with every write of the profile's activity; never on the wire. */
  activityVersion: string | null;
  /** Changes with every write of the profile's stored baseline; never on the wire. */
  baselineVersion: string | null;
  /** Changes with every suppression written for the profile; never on the wire. */
  suppressionsVersion: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** A profile with what is derived at read time. */
export interface ProfileView extends Profile {
  age: number;
}

/** The fields a client sets; everything else is derived or maintained by Vigil. */
export type ProfileInput = Pick<
  Profile,
  | 'customerId'
  | 'customerName'
  | 'dateOfBirth'
  | 'enrollmentReason'
  | 'enrollmentNotes'
  | 'currency'
  | 'status'
  | 'dateOfDeath'
  | 'trustedContact'
  | 'metadata'
>;

export type ProfilePatch = Partial<Omit<ProfileInput, 'customerId' | 'dateOfBirth'>>;
