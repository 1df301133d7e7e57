import { parseArgs } from 'node:util';
import type { Config } from '../../config.js';
import { isRole, ROLES } from '../../domain/users/roles.js';
import { systemClock } from '../../lib/clock.js';
import { isUuid, newId } from '../../lib/ids.js';
import { createSessionsStore } from '../../resources/sessions/sessions.store.js';
import { createUsersService } from '../../resources/users/users.service.js';
import { createUsersStore } from '../../resources/users/users.store.js';
import { createDb } from '../../store/create-db.js';
import { migrateToLatest } from '../../store/migrations/index.js';

// A deliberately loose shape check: the address is confirmed by the person signing in with it.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Thrown for bad arguments: main prints it with the usage and exits 2. */
export class UserUsageError extends Error {}

/**
 * Creates an analyst user from the operator's shell (the first admin of a tenant has no one to ask)
 * and prints the one-time password, which is shown only now.
 */
export async function createUserCommand(args: string[], config: Config): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const { tenant, email, role, name } = values;
  if (tenant === undefined || !isUuid(tenant))
    throw new UserUsageError('user create needs --tenant <tenant UUID>');
  if (email === undefined || !EMAIL.test(email.trim()) || email.length > 254)
    throw new UserUsageError('user create needs --email <email address>');
  if (role === undefined || !isRole(role))
    throw new UserUsageError(`user create needs --role ${ROLES.join('|')}`);

  const db = createDb(config.databaseUrl);
  try {
    await migrateToLatest(db.kysely);
    const tenantId = tenant.toLowerCase();
    const found = await db.kysely
      .selectFrom('tenants')
      .select('id')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    if (!found) throw new Error(`tenant ${tenantId} not found`);
    const store = createUsersStore(db.kysely);
    const service = createUsersService({
      db: db.kysely,
      store,
      sessions: createSessionsStore(db.kysely),
      clock: systemClock,
    });
    const ctx = {
      tenantId,
      environment: 'production' as const,
      actor: { apiKeyId: null, userId: null, name: 'operator' },
      requestId: `cli_${newId()}`,
    };
    const { user, oneTimePassword } = await service
      .create(ctx, { email, role, ...(name === undefined ? {} : { name }) })
      .catch((error: unknown) => {
        if ((error as { code?: string }).code === 'USER_ALREADY_EXISTS')
          throw new Error(`a user with email ${email.trim().toLowerCase()} already exists in this tenant`);
        throw error;
      });
    if (values.json) {
      return JSON.stringify({
        id: user.id,
        tenant_id: user.tenantId,
        email: user.email,
        name: user.name,
        role: user.role,
        one_time_password: oneTimePassword,
      });
    }
    return (
      `user ID             ${user.id}\nemail               ${user.email}\nrole                ${user.role}\n` +
      `one-time password   ${oneTimePassword}\n` +
      'The password is shown only now. Sign in with it at POST /auth/login; a new password must then be chosen (POST /auth/password).'
    );
  } finally {
    await db.close();
  }
}
