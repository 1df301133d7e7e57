import type { Kysely } from 'kysely';
import type { Role, UserStatus } from '../../domain/users/roles.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import type { UserRow } from './users.table.js';

export interface User {
  id: string;
  tenantId: string;
  email: string;
  name: string;
  role: Role;
  status: UserStatus;
  passwordHash: string;
  passwordMustChange: boolean;
  createdBy: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  disabledAtMs: number | null;
}

function toUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    status: row.status as UserStatus,
    passwordHash: row.password_hash,
    passwordMustChange: row.password_must_change === 1,
    createdBy: row.created_by,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
    disabledAtMs: row.disabled_at,
  };
}

/** Emails are compared without case (RFC 5321 allows case-sensitive local parts; no mail system uses them). */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function insertUser(trx: Executor, user: User): Promise<void> {
  await trx
    .insertInto('users')
    .values({
      id: user.id,
      tenant_id: user.tenantId,
      email: user.email,
      name: user.name,
      role: user.role,
      status: user.status,
      password_hash: user.passwordHash,
      password_must_change: user.passwordMustChange ? 1 : 0,
      created_by: user.createdBy,
      created_at: user.createdAtMs,
      updated_at: user.updatedAtMs,
      disabled_at: user.disabledAtMs,
    })
    .execute();
}

export interface UserChanges {
  role?: Role;
  status?: UserStatus;
  disabledAtMs?: number | null;
  passwordHash?: string;
  passwordMustChange?: boolean;
}

export function createUsersStore(db: Kysely<Database>) {
  return {
    async findById(executor: Executor, tenantId: string, id: string): Promise<User | undefined> {
      const row = await executor
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && toUser(row);
    },
    async findByEmail(tenantId: string, email: string): Promise<User | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('email', '=', normaliseEmail(email))
        .executeTakeFirst();
      return row && toUser(row);
    },
    async list(tenantId: string, page: { afterId?: string; limit: number }): Promise<User[]> {
      let q = db.selectFrom('users').selectAll().where('tenant_id', '=', tenantId);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toUser);
    },
    async update(trx: Executor, tenantId: string, id: string, changes: UserChanges, nowMs: number) {
      await trx
        .updateTable('users')
        .set({
          updated_at: nowMs,
          ...(changes.role === undefined ? {} : { role: changes.role }),
          ...(changes.status === undefined ? {} : { status: changes.status }),
          ...(changes.disabledAtMs === undefined ? {} : { disabled_at: changes.disabledAtMs }),
          ...(changes.passwordHash === undefined ? {} : { password_hash: changes.passwordHash }),
          ...(changes.passwordMustChange === undefined
            ? {}
            : { password_must_change: changes.passwordMustChange ? 1 : 0 }),
        })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute();
    },
  };
}
export type UsersStore = ReturnType<typeof createUsersStore>;
