import type { Kysely } from 'kysely';
import type { Executor } from '../../store/transaction.js';

/** Who a signal is assigned to, as the wire shows it (`assignee`). */
export interface Assignee {
  id: string;
  email: string;
  name: string | null;
}

export interface AssignableUser extends Assignee {
  status: string;
}

// The users table belongs to the users resource (issue 10, migration 007); signals read only the
// identity columns of the contract, through this narrow view.
interface UsersView {
  users: { id: string; tenant_id: string; email: string; name: string | null; status: string };
}
const view = (executor: Executor) => executor as unknown as Kysely<UsersView>;

/** The identities of these users of the tenant (users are per tenant, not per environment). */
export async function findAssignees(
  executor: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, Assignee>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await view(executor)
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
  return view(executor)
    .selectFrom('users')
    .select(['id', 'email', 'name', 'status'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}
