import type { Kysely } from 'kysely';
import type { Role, UserStatus } from '../../domain/users/roles.js';
import type { Environment } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';

export interface Session {
  id: string;
  tenantId: string;
  userId: string;
  csrfTokenHash: string;
  environment: Environment;
  createdAtMs: number;
  lastSeenAtMs: number;
  expiresAtMs: number;
  idleExpiresAtMs: number;
  revokedAtMs: number | null;
}

/** A session with the current state of its user, read in one query on every cookie request. */
export interface SessionWithUser extends Session {
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    status: UserStatus;
    passwordMustChange: boolean;
  };
}

export interface NewSession extends Omit<Session, 'revokedAtMs'> {
  sessionHash: string;
  clientAddress: string | null;
  userAgent: string | null;
}

export function createSessionsStore(db: Kysely<Database>) {
  return {
    async insert(trx: Executor, session: NewSession): Promise<void> {
      await trx
        .insertInto('user_sessions')
        .values({
          id: session.id,
          tenant_id: session.tenantId,
          user_id: session.userId,
          session_hash: session.sessionHash,
          csrf_token_hash: session.csrfTokenHash,
          environment: session.environment,
          client_address: session.clientAddress,
          user_agent: session.userAgent,
          created_at: session.createdAtMs,
          last_seen_at: session.lastSeenAtMs,
          expires_at: session.expiresAtMs,
          idle_expires_at: session.idleExpiresAtMs,
          revoked_at: null,
        })
        .execute();
    },

    async findByHash(sessionHash: string): Promise<SessionWithUser | undefined> {
      const row = await db
        .selectFrom('user_sessions as s')
        .innerJoin('users as u', (join) =>
          join.onRef('u.id', '=', 's.user_id').onRef('u.tenant_id', '=', 's.tenant_id'),
        )
        .select([
          's.id',
          's.tenant_id',
          's.user_id',
          's.csrf_token_hash',
          's.environment',
          's.created_at',
          's.last_seen_at',
          's.expires_at',
          's.idle_expires_at',
          's.revoked_at',
          'u.email',
          'u.name',
          'u.role',
          'u.status',
          'u.password_must_change',
        ])
        .where('s.session_hash', '=', sessionHash)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        id: row.id,
        tenantId: row.tenant_id,
        userId: row.user_id,
        csrfTokenHash: row.csrf_token_hash,
        environment: row.environment as Environment,
        createdAtMs: row.created_at,
        lastSeenAtMs: row.last_seen_at,
        expiresAtMs: row.expires_at,
        idleExpiresAtMs: row.idle_expires_at,
        revokedAtMs: row.revoked_at,
        user: {
          id: row.user_id,
          email: row.email,
          name: row.name,
          role: row.role as Role,
          status: row.status as UserStatus,
          passwordMustChange: row.password_must_change === 1,
        },
      };
    },

    /** Forgets a user's sessions that ended before `beforeMs` (kept until then for investigations). */
    async deleteEnded(trx: Executor, userId: string, beforeMs: number): Promise<void> {
      await trx
        .deleteFrom('user_sessions')
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('expires_at', '<', beforeMs), eb('revoked_at', '<', beforeMs)]))
        .execute();
    },

    /** Records use and pushes the idle expiry forward (never past the absolute expiry). */
    async touch(id: string, nowMs: number, idleExpiresAtMs: number): Promise<void> {
      await db
        .updateTable('user_sessions')
        .set({ last_seen_at: nowMs, idle_expires_at: idleExpiresAtMs })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    async setEnvironment(id: string, environment: Environment): Promise<void> {
      await db.updateTable('user_sessions').set({ environment }).where('id', '=', id).execute();
    },

    async revoke(trx: Executor, id: string, nowMs: number): Promise<void> {
      await trx
        .updateTable('user_sessions')
        .set({ revoked_at: nowMs })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Ends every live session of a user (disabled, or password changed), except `keepId`'s. */
    async revokeAllOfUser(
      trx: Executor,
      tenantId: string,
      userId: string,
      nowMs: number,
      keepId?: string,
    ): Promise<number> {
      let q = trx
        .updateTable('user_sessions')
        .set({ revoked_at: nowMs })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null);
      if (keepId !== undefined) q = q.where('id', '!=', keepId);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}
export type SessionsStore = ReturnType<typeof createSessionsStore>;
