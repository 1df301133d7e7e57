import type SQLite from 'better-sqlite3';
import { CompiledQuery } from 'kysely';
import type {
  BaselineStatus,
  EnrollmentReason,
  Environment,
  ProfileStatus,
  RiskLevel,
} from '../../domain/values/enums.js';
import { newId } from '../../lib/ids.js';
import type { Db } from '../../store/create-db.js';
import { parseJson, type Executor } from '../../store/transaction.js';
import type { Profile, TrustedContact } from './profile.js';
import type { ProfileRow } from './profiles.table.js';

export interface ProfileFilters {
  status?: ProfileStatus;
  customerId?: string;
  riskLevel?: RiskLevel;
  enrollmentReason?: EnrollmentReason;
}

function toProfile(row: ProfileRow): Profile {
  return {
    id: row.id,
    customerId: row.customer_id,
    customerName: row.customer_name,
    dateOfBirth: row.date_of_birth,
    enrollmentReason: row.enrollment_reason as EnrollmentReason,
    enrollmentNotes: row.enrollment_notes,
    currency: row.currency,
    status: row.status as ProfileStatus,
    statusChangedAtMs: row.status_changed_at,
    dateOfDeath: row.date_of_death,
    trustedContact: parseJson<TrustedContact>(row.trusted_contact),
    riskScore: row.risk_score,
    riskLevel: row.risk_level as RiskLevel,
    openSignalCount: row.open_signal_count,
    baselineStatus: row.baseline_status as BaselineStatus,
    metadata: parseJson<Record<string, unknown>>(row.metadata),
    activityVersion: row.activity_version,
    baselineVersion: row.baseline_version,
    suppressionsVersion: row.suppressions_version,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
  };
}

const json = (value: object | null) => (value === null ? null : JSON.stringify(value));

/** The columns a client can change, as row values. */
function editableColumns(p: Profile) {
  return {
    customer_name: p.customerName,
    enrollment_reason: p.enrollmentReason,
    enrollment_notes: p.enrollmentNotes,
    currency: p.currency,
    status: p.status,
    status_changed_at: p.statusChangedAtMs,
    date_of_death: p.dateOfDeath,
    trusted_contact: json(p.trustedContact),
    metadata: json(p.metadata),
    updated_at: p.updatedAtMs,
  };
}

export function createProfilesStore(database: Db) {
  const { kysely: db, dialect, sqlite } = database;
  // The read by ID serves every profile route and B5's hot path: built and compiled once.
  const byId = db
    .selectFrom('profiles')
    .selectAll()
    .where('tenant_id', '=', '')
    .where('environment', '=', '')
    .where('id', '=', '');
  const byIdSql = byId.compile().sql;
  // SQLite has one writer at a time already; PostgreSQL needs the row lock.
  const byIdForUpdateSql = dialect === 'postgres' ? byId.forUpdate().compile().sql : byIdSql;
  let byIdStatement: SQLite.Statement<string[], ProfileRow> | undefined;

  return {
    /** The profile, or undefined when it does not exist in this tenant and environment. */
    async findById(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      id: string,
      options: { forUpdate?: boolean } = {},
    ): Promise<Profile | undefined> {
      // SQLite, outside any transaction: nothing is open on the one connection, so the prepared
      // statement reads exactly what the driver would, without its mutex and promise round trips.
      // While a transaction is open, the read waits for it through the driver (never a dirty read).
      if (sqlite && executor === db && !sqlite.inTransaction) {
        byIdStatement ??= sqlite.prepare<string[], ProfileRow>(byIdSql);
        const row = byIdStatement.get(tenantId, environment, id);
        return row && toProfile(row);
      }
      const query = CompiledQuery.raw(options.forUpdate ? byIdForUpdateSql : byIdSql, [
        tenantId,
        environment,
        id,
      ]);
      const row = (await executor.executeQuery<ProfileRow>(query)).rows[0];
      return row && toProfile(row);
    },

    /** Profiles of this tenant and environment named by customer_id or by id (the bank feed's two ways). */
    async findMany(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      names: { customerIds: readonly string[]; ids: readonly string[] },
      options: { forUpdate?: boolean } = {},
    ): Promise<Profile[]> {
      if (names.customerIds.length === 0 && names.ids.length === 0) return [];
      let q = executor
        .selectFrom('profiles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where((eb) =>
          eb.or([
            ...(names.customerIds.length > 0 ? [eb('customer_id', 'in', names.customerIds)] : []),
            ...(names.ids.length > 0 ? [eb('id', 'in', names.ids)] : []),
          ]),
        );
      // Locked in ID order, so two feeds naming overlapping profiles never deadlock (PostgreSQL).
      if (options.forUpdate && dialect === 'postgres') q = q.orderBy('id').forUpdate();
      const rows = await q.execute();
      return rows.map(toProfile);
    },

    async list(
      tenantId: string,
      environment: Environment,
      filters: ProfileFilters,
      page: { afterId?: string; limit: number },
    ): Promise<Profile[]> {
      let q = db
        .selectFrom('profiles')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment);
      if (filters.status !== undefined) q = q.where('status', '=', filters.status);
      if (filters.customerId !== undefined) q = q.where('customer_id', '=', filters.customerId);
      if (filters.riskLevel !== undefined) q = q.where('risk_level', '=', filters.riskLevel);
      if (filters.enrollmentReason !== undefined)
        q = q.where('enrollment_reason', '=', filters.enrollmentReason);
      if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
      const rows = await q.orderBy('id', 'desc').limit(page.limit).execute();
      return rows.map(toProfile);
    },

    /** Inserts a profile; a duplicate customer_id surfaces as the database's unique violation. */
    async insert(trx: Executor, tenantId: string, environment: Environment, p: Profile): Promise<void> {
      await trx
        .insertInto('profiles')
        .values({
          id: p.id,
          tenant_id: tenantId,
          environment,
          customer_id: p.customerId,
          date_of_birth: p.dateOfBirth,
          risk_score: p.riskScore,
          risk_level: p.riskLevel,
          open_signal_count: p.openSignalCount,
          baseline_status: p.baselineStatus,
          created_at: p.createdAtMs,
          ...editableColumns(p),
        })
        .execute();
    },

    async update(trx: Executor, tenantId: string, environment: Environment, p: Profile): Promise<void> {
      await trx
        .updateTable('profiles')
        .set(editableColumns(p))
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', p.id)
        .execute();
    },

    /** Records that the profiles' transactions or events changed (the history cache's version). */
    async markActivity(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      ids: readonly string[],
      version: string,
    ): Promise<void> {
      if (ids.length === 0) return;
      await trx
        .updateTable('profiles')
        .set({ activity_version: version })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', 'in', ids)
        .execute();
    },

    async updateRisk(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      id: string,
      risk: { riskScore: number; riskLevel: RiskLevel; openSignalCount: number },
    ): Promise<void> {
      await trx
        .updateTable('profiles')
        .set({
          risk_score: risk.riskScore,
          risk_level: risk.riskLevel,
          open_signal_count: risk.openSignalCount,
        })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
    },

    /** After a write of the profile's stored baseline: its status, and a new baseline version. */
    /**
     * What a scoring pass changed on the profile, in one statement: its risk, and when the pass
     * stored a new baseline, the baseline's status and version.
     */
    async updateScored(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      id: string,
      change: {
        risk?: { riskScore: number; riskLevel: RiskLevel; openSignalCount: number };
        baseline?: { status: BaselineStatus; version: string };
      },
    ): Promise<void> {
      const { risk, baseline } = change;
      if (!risk && !baseline) return;
      await trx
        .updateTable('profiles')
        .set({
          ...(risk && {
            risk_score: risk.riskScore,
            risk_level: risk.riskLevel,
            open_signal_count: risk.openSignalCount,
          }),
          ...(baseline && { baseline_status: baseline.status, baseline_version: baseline.version }),
        })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
    },

    async updateBaselineStatus(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      id: string,
      status: BaselineStatus,
    ): Promise<void> {
      await trx
        .updateTable('profiles')
        .set({ baseline_status: status, baseline_version: newId() })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
    },

    async delete(trx: Executor, tenantId: string, environment: Environment, id: string): Promise<void> {
      await trx
        .deleteFrom('profiles')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .execute();
    },
  };
}
export type ProfilesStore = ReturnType<typeof createProfilesStore>;
