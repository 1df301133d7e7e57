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
import { createUnchangedDatabaseCache } from '../../store/unchanged-database-cache.js';
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

/**
 * The profile's columns in the order the SQLite hot path reads them as an array (raw rows): a row
 * object of 22 columns costs better-sqlite3 a property-by-property build (a map transition each),
 * measured at about half of the statement's time in B5's profile.
 */
const COLUMNS = [
  'id',
  'customer_id',
  'customer_name',
  'date_of_birth',
  'enrollment_reason',
  'enrollment_notes',
  'currency',
  'status',
  'status_changed_at',
  'date_of_death',
  'trusted_contact',
  'risk_score',
  'risk_level',
  'open_signal_count',
  'baseline_status',
  'metadata',
  'activity_version',
  'baseline_version',
  'created_at',
  'updated_at',
  'suppressions_version',
] as const satisfies readonly (keyof ProfileRow)[];
type RawProfileRow = unknown[];
/** Profiles kept by readById: a tenant's whole population of a mid-sized institution. */
const READ_CACHE_ENTRIES = 10_000;

/** toProfile of a raw row read with COLUMNS, by position. */
function toProfileFromRaw(v: RawProfileRow): Profile {
  return {
    id: v[0] as string,
    customerId: v[1] as string,
    customerName: v[2] as string,
    dateOfBirth: v[3] as string,
    enrollmentReason: v[4] as EnrollmentReason,
    enrollmentNotes: v[5] as string | null,
    currency: v[6] as string,
    status: v[7] as ProfileStatus,
    statusChangedAtMs: v[8] as number,
    dateOfDeath: v[9] as string | null,
    trustedContact: parseJson<TrustedContact>(v[10] as string | null),
    riskScore: v[11] as number,
    riskLevel: v[12] as RiskLevel,
    openSignalCount: v[13] as number,
    baselineStatus: v[14] as BaselineStatus,
    metadata: parseJson<Record<string, unknown>>(v[15] as string | null),
    activityVersion: v[16] as string | null,
    baselineVersion: v[17] as string | null,
    createdAtMs: v[18] as number,
    updatedAtMs: v[19] as number,
    suppressionsVersion: v[20] as string | null,
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
  const byIdRawSql = db
    .selectFrom('profiles')
    .select(COLUMNS)
    .where('tenant_id', '=', '')
    .where('environment', '=', '')
    .where('id', '=', '')
    .compile().sql;
  let byIdStatement: SQLite.Statement<string[], RawProfileRow> | undefined;
  const readRow = (sqliteDb: SQLite.Database, tenantId: string, environment: Environment, id: string) => {
    byIdStatement ??= sqliteDb.prepare<string[], RawProfileRow>(byIdRawSql).raw(true);
    const row = byIdStatement.get(tenantId, environment, id);
    return row && toProfileFromRaw(row);
  };
  const readCache =
    sqlite && createUnchangedDatabaseCache<Profile>(sqlite, { maxEntries: READ_CACHE_ENTRIES });

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
      if (sqlite && executor === db && !sqlite.inTransaction)
        return readRow(sqlite, tenantId, environment, id);
      const query = CompiledQuery.raw(options.forUpdate ? byIdForUpdateSql : byIdSql, [
        tenantId,
        environment,
        id,
      ]);
      const row = (await executor.executeQuery<ProfileRow>(query)).rows[0];
      return row && toProfile(row);
    },

    /**
     * findById outside a transaction for a read that only shows the profile (GET): on SQLite the
     * profile is kept while the database file is unchanged (store/unchanged-database-cache.ts), so
     * a repeat read costs two counter reads. Shared and frozen: never to be changed by the caller.
     */
    async readById(
      tenantId: string,
      environment: Environment,
      id: string,
    ): Promise<Readonly<Profile> | undefined> {
      if (!sqlite || !readCache || sqlite.inTransaction) return this.findById(db, tenantId, environment, id);
      return readCache.get(`${tenantId}/${environment}/${id}`, () =>
        readRow(sqlite, tenantId, environment, id),
      );
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
