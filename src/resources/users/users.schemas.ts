import { Type } from 'typebox';
import { ListQuery, literalUnion, Page, Timestamp, Uuid } from '../../api/schemas.js';
import { ROLES, USER_STATUSES } from '../../domain/users/roles.js';
import { isoTimestamp } from '../../lib/clock.js';
import type { User } from './users.store.js';

export const UserParams = Type.Object({ user_id: Uuid });
export const ListUsersQuery = Type.Object({ ...ListQuery }, { additionalProperties: false });

export const CreateUserBody = Type.Object(
  {
    email: Type.String({
      format: 'email',
      minLength: 3,
      maxLength: 254,
      description: 'Unique per tenant, any case',
    }),
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Shown to colleagues; default: the email' }),
    ),
    role: literalUnion(ROLES),
  },
  { additionalProperties: false, title: 'CreateUser' },
);

export const PatchUserBody = Type.Object(
  {
    role: Type.Optional(literalUnion(ROLES)),
    status: Type.Optional(
      literalUnion(USER_STATUSES, { description: 'DISABLED ends every session of the user at once' }),
    ),
  },
  { additionalProperties: false, title: 'PatchUser', description: 'At least one of role and status' },
);

export const UserResponse = Type.Object(
  {
    id: Uuid,
    tenant_id: Uuid,
    email: Type.String(),
    name: Type.String(),
    role: literalUnion(ROLES),
    status: literalUnion(USER_STATUSES),
    password_change_required: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
    disabled_at: Type.Union([Timestamp, Type.Null()]),
  },
  { title: 'User' },
);

export const CreatedUserResponse = Type.Object(
  {
    ...UserResponse.properties,
    one_time_password: Type.String({
      description: 'Shown only in this response; the user signs in with it and must then choose a password',
    }),
  },
  { title: 'CreatedUser' },
);

export const UserPage = Page(UserResponse, 'UserPage');

export function toUserJson(user: User) {
  return {
    id: user.id,
    tenant_id: user.tenantId,
    email: user.email,
    name: user.name,
    role: user.role,
    status: user.status,
    password_change_required: user.passwordMustChange,
    created_at: isoTimestamp(user.createdAtMs),
    updated_at: isoTimestamp(user.updatedAtMs),
    disabled_at: user.disabledAtMs === null ? null : isoTimestamp(user.disabledAtMs),
  };
}
