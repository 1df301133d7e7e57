import type { Kysely } from 'kysely';

// Analyst users (per tenant, not per environment), their browser sessions, and the user an audit
// event or batch run was made by (null when an API key or the operator acted).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    // Lower-cased on the way in, so the unique constraint is case-insensitive on both dialects.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // scrypt$N$r$p$salt$hash (lib/password.ts); never the password itself.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    // 1 while the password is a one-time password an admin or the CLI handed out.
    .addColumn('password_must_change', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'bigint')
    .addUniqueConstraint('users_tenant_email_uq', ['tenant_id', 'email'])
    .execute();
  await db.schema.createIndex('users_tenant_idx').on('users').columns(['tenant_id', 'id']).execute();

  await db.schema
    .createTable('user_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    // SHA-256 of the opaque cookie value; the value itself is never stored.
    .addColumn('session_hash', 'text', (c) => c.notNull().unique())
    // SHA-256 of the CSRF token; the browser holds the token in its vigil_csrf cookie.
    .addColumn('csrf_token_hash', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('client_address', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('idle_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('user_sessions_user_idx')
    .on('user_sessions')
    .columns(['user_id', 'revoked_at'])
    .execute();

  await db.schema.alterTable('audit_events').addColumn('actor_user_id', 'text').execute();
  await db.schema.alterTable('batch_runs').addColumn('actor_user_id', 'text').execute();
}

export function down(): Promise<void> {
  return Promise.reject(new Error('the users and sessions migration cannot be reverted'));
}
