import type { Executor } from '../../store/transaction.js';
import type { Assignee } from './signal.js';

export interface AssignableUser extends Assignee {
  status: string;
}

// The users table belongs to the users resource (migration 007); signals read only who a user is.

/** The identities of these users of the tenant (users are per tenant, not per environment). */
export async function findAssignees(
  executor: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, Assignee>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await executor
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', unique)
    .execute();
  return new Map(rows.map((r) => [r.id, { id: r.id, email: r.email, name: r.name }]));
}

/** A user of this tenant, whatever its status; another tenant's user is simply not found. */
export async function findUser(
  executor: Executor,
  tenantId: string,
  id: string,
): Promise<AssignableUser | undefined> {
  return executor
    .selectFrom('users')
    .select(['id', 'email', 'name', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}
