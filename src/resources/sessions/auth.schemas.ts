import { Type } from 'typebox';
import { literalUnion, Timestamp, Uuid } from '../../api/schemas.js';
import { ROLES, USER_STATUSES } from '../../domain/users/roles.js';
import { ENVIRONMENTS, SCOPES } from '../../domain/values/enums.js';
import { isoTimestamp } from '../../lib/clock.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../lib/password.js';
import type { SessionView } from './sessions.service.js';

const Environment = literalUnion(ENVIRONMENTS);
const Email = Type.String({ format: 'email', minLength: 3, maxLength: 254 });

export const LoginBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    tenant_id: Uuid,
    environment: Environment,
  },
  { additionalProperties: false, title: 'Login' },
);

export const EnvironmentBody = Type.Object(
  { environment: Environment },
  { additionalProperties: false, title: 'SessionEnvironment' },
);

export const PasswordBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
    new_password: Type.String({
      minLength: PASSWORD_MIN_LENGTH,
      maxLength: PASSWORD_MAX_LENGTH,
      description: `At least ${PASSWORD_MIN_LENGTH} characters, not the email, not the current password`,
    }),
  },
  { additionalProperties: false, title: 'PasswordChange' },
);

export const SessionUser = Type.Object(
  {
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: literalUnion(ROLES),
    tenant_id: Uuid,
    status: literalUnion(USER_STATUSES),
    password_change_required: Type.Boolean({
      description:
        'True after sign-in with a one-time password: only /auth routes work until POST /auth/password',
    }),
  },
  { title: 'SessionUser' },
);

export const SessionResponse = Type.Object(
  {
    user: SessionUser,
    environment: Environment,
    csrf_token: Type.String({
      description: 'Send as X-CSRF-Token on every POST/PATCH/PUT/DELETE made with the session cookie',
    }),
    scopes: Type.Array(literalUnion(SCOPES), { description: "The scopes of the user's role" }),
    expires_at: Timestamp,
    idle_expires_at: Timestamp,
  },
  { title: 'Session' },
);

export function toSessionJson(view: SessionView) {
  const { session } = view;
  return {
    user: {
      id: session.user.id,
      email: session.user.email,
      name: session.user.name,
      role: session.user.role,
      tenant_id: session.tenantId,
      status: session.user.status,
      password_change_required: session.user.passwordMustChange,
    },
    environment: session.environment,
    csrf_token: view.csrfToken,
    scopes: view.scopes,
    expires_at: isoTimestamp(session.expiresAtMs),
    idle_expires_at: isoTimestamp(session.idleExpiresAtMs),
  };
}
