import type { Kysely } from 'kysely';
import type { Caller, TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { scopesOfRole, type Role, type UserStatus } from '../../domain/users/roles.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import { generateOneTimePassword, hashPassword } from '../../lib/password.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation, withTransaction, type Executor } from '../../store/transaction.js';
import { diffChanges, recordAudit } from '../audit-events/audit-events.store.js';
import type { SessionsStore } from '../sessions/sessions.store.js';
import { insertUser, normaliseEmail, type User, type UsersStore } from './users.store.js';

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
}

export interface UserPatch {
  role?: Role;
  status?: UserStatus;
}

function auditedFields(user: User) {
  return { email: user.email, name: user.name, role: user.role, status: user.status };
}

/** Whoever grants a role must hold every scope it carries, as a key can only mint scopes it holds (api.md §2). */
function assertMayGrant(caller: Caller | undefined, role: Role): void {
  if (!caller) return;
  const missing = scopesOfRole(role).find((scope) => !caller.scopes.includes(scope));
  if (missing === undefined) return;
  const who = caller.actor.userId === null ? 'API key' : 'user role';
  throw apiError('FORBIDDEN', `${who} lacks required scope: ${missing}`);
}

export function createUsersService(deps: {
  db: Kysely<Database>;
  store: UsersStore;
  sessions: Pick<SessionsStore, 'revokeAllOfUser'>;
  clock: Clock;
}) {
  const { db, store, sessions, clock } = deps;

  async function get(executor: Executor, tenantId: string, id: string): Promise<User> {
    const user = await store.findById(executor, tenantId, id);
    if (!user) throw apiError('NOT_FOUND', 'user not found');
    return user;
  }

  return {
    get: (tenantId: string, id: string) => get(db, tenantId, id),

    list(tenantId: string, page: { afterId?: string; limit: number }): Promise<User[]> {
      return store.list(tenantId, page);
    },

    /**
     * Creates an ACTIVE user with a random one-time password, returned once and stored only hashed;
     * the user must choose their own password after signing in with it. `caller` is absent for the CLI.
     */
    async create(
      ctx: TenantContext,
      input: NewUser,
      caller?: Caller,
    ): Promise<{ user: User; oneTimePassword: string }> {
      assertMayGrant(caller, input.role);
      const oneTimePassword = generateOneTimePassword();
      const nowMs = clock.nowMs();
      const email = normaliseEmail(input.email);
      const user: User = {
        id: newId(),
        tenantId: ctx.tenantId,
        email,
        name: input.name?.trim() || email,
        role: input.role,
        status: 'ACTIVE',
        passwordHash: await hashPassword(oneTimePassword),
        passwordMustChange: true,
        createdBy: ctx.actor.userId ?? ctx.actor.apiKeyId,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
        disabledAtMs: null,
      };
      try {
        await withTransaction(db, async (trx) => {
          await insertUser(trx, user);
          await recordAudit(trx, ctx, nowMs, {
            action: 'user.created',
            resourceType: 'user',
            resourceId: user.id,
            changes: diffChanges({}, auditedFields(user)),
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw apiError('USER_ALREADY_EXISTS');
        throw error;
      }
      return { user, oneTimePassword };
    },

    /**
     * Replaces a user's password with a new one-time password (the user forgot theirs, or it may have
     * leaked) and ends every session of the user. Not for oneself: POST /auth/password is.
     */
    async resetPassword(caller: Caller, id: string): Promise<{ user: User; oneTimePassword: string }> {
      if (caller.actor.userId === id)
        throw apiError('INVALID_STATE', 'change your own password with POST /auth/password');
      const oneTimePassword = generateOneTimePassword();
      const passwordHash = await hashPassword(oneTimePassword);
      const nowMs = clock.nowMs();
      const user = await withTransaction(db, async (trx) => {
        const before = await get(trx, caller.tenantId, id);
        await store.update(trx, caller.tenantId, id, { passwordHash, passwordMustChange: true }, nowMs);
        await sessions.revokeAllOfUser(trx, caller.tenantId, id, nowMs);
        await recordAudit(trx, caller, nowMs, {
          action: 'user.password_reset',
          resourceType: 'user',
          resourceId: id,
          changes: null,
        });
        return { ...before, passwordHash, passwordMustChange: true, updatedAtMs: nowMs };
      });
      return { user, oneTimePassword };
    },

    /**
     * Changes a user's role or status. Disabling revokes every session of the user in the same
     * transaction, so the next request made with any of them is refused. Nobody changes their own
     * role or status (an admin cannot lock themselves out or quietly keep access).
     */
    async update(caller: Caller, id: string, patch: UserPatch): Promise<User> {
      if (caller.actor.userId === id && (patch.role !== undefined || patch.status !== undefined))
        throw apiError('INVALID_STATE', 'users cannot change their own role or status');
      if (patch.role !== undefined) assertMayGrant(caller, patch.role);
      const nowMs = clock.nowMs();
      return withTransaction(db, async (trx) => {
        const before = await get(trx, caller.tenantId, id);
        const status = patch.status ?? before.status;
        const after: User = {
          ...before,
          role: patch.role ?? before.role,
          status,
          disabledAtMs: status === before.status ? before.disabledAtMs : status === 'DISABLED' ? nowMs : null,
          updatedAtMs: nowMs,
        };
        const changes = diffChanges(auditedFields(before), auditedFields(after));
        if (changes === null) return before;
        await store.update(
          trx,
          caller.tenantId,
          id,
          { role: after.role, status: after.status, disabledAtMs: after.disabledAtMs },
          nowMs,
        );
        if (status === 'DISABLED' && before.status !== 'DISABLED')
          await sessions.revokeAllOfUser(trx, caller.tenantId, id, nowMs);
        await recordAudit(trx, caller, nowMs, {
          action: 'user.updated',
          resourceType: 'user',
          resourceId: id,
          changes,
        });
        return after;
      });
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
