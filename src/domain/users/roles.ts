import { SCOPES, type Scope } from '../values/enums.js';

/** An analyst user's role; each maps to a fixed set of the API key scopes (README "Users, sessions and roles"). */
export const ROLES = ['analyst', 'supervisor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const USER_STATUSES = ['ACTIVE', 'DISABLED'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

const READ_SCOPES = SCOPES.filter((scope) => scope.endsWith(':read'));

const ANALYST: readonly Scope[] = [...READ_SCOPES, 'signals:review'];
// Settings writes are authorised by rules:write (api.md §5.5), so supervisors manage settings too.
const SUPERVISOR: readonly Scope[] = [
  ...ANALYST,
  'signals:assign',
  'rules:write',
  'batch_runs:write',
  'baselines:write',
];

const ROLE_SCOPES: Record<Role, readonly Scope[]> = {
  analyst: ANALYST,
  supervisor: SUPERVISOR,
  admin: SCOPES,
};

/** The scopes a role grants, in the order of SCOPES (stable on the wire). */
export function scopesOfRole(role: Role): Scope[] {
  const granted = new Set(ROLE_SCOPES[role]);
  return SCOPES.filter((scope) => granted.has(scope));
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
