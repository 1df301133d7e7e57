import type { Role, UserStatus } from '../../src/domain/users/roles.js';
import { newId } from '../../src/lib/ids.js';
import { insertUser } from '../../src/resources/users/users.store.js';
import type { TestApp, TestTenant } from './test-app.js';

/** A user row of the tenant, written directly (no password hashing: these users never sign in). */
export async function createUser(
  t: TestApp,
  tenant: TestTenant,
  options: { role?: Role; status?: UserStatus; name?: string } = {},
): Promise<{ id: string; email: string; name: string }> {
  const id = newId();
  const email = `user-${id}@bank.example`;
  const name = options.name ?? 'Dana Analyst';
  await insertUser(t.db.kysely, {
    id,
    tenantId: tenant.tenantId,
    email,
    name,
    role: options.role ?? 'analyst',
    status: options.status ?? 'ACTIVE',
    passwordHash: 'not-a-password',
    passwordMustChange: false,
    createdBy: null,
    createdAtMs: Date.now(),
    updatedAtMs: Date.now(),
    disabledAtMs: options.status === 'DISABLED' ? Date.now() : null,
  });
  return { id, email, name };
}
