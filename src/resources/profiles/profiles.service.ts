import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { transitionProfileStatus } from '../../domain/lifecycle/profile-status.js';
import { findProfileProblem } from '../../domain/profiles/validity.js';
import { ageOn } from '../../domain/values/dates.js';
import type { Environment } from '../../domain/values/enums.js';
import { isoDate, type Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { isUniqueViolation, withTransaction, type Executor } from '../../store/transaction.js';
import { diffChanges, recordAudit } from '../audit-events/audit-events.store.js';
import { redactFields } from '../audit-events/redaction.js';
import { erasePersonalTraces, PERSONAL_PROFILE_FIELDS } from './profile-erasure.js';
import type { Profile, ProfileInput, ProfilePatch, ProfileView } from './profile.js';
import type { ProfileFilters, ProfilesStore } from './profiles.store.js';

const CURRENCIES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));
const DAY_MS = 86_400_000;
const MAX_AGES = 50_000;

/** The changes between two snapshots, personal values redacted (their field names stay). */
const auditChanges = (before: Record<string, unknown>, after: Record<string, unknown>) =>
  redactFields(diffChanges(before, after), PERSONAL_PROFILE_FIELDS);

/** What the audit trail records of a profile: the client-set fields, by their wire names. */
function auditSnapshot(p: Profile): Record<string, unknown> {
  return {
    customer_id: p.customerId,
    customer_name: p.customerName,
    date_of_birth: p.dateOfBirth,
    enrollment_reason: p.enrollmentReason,
    enrollment_notes: p.enrollmentNotes,
    currency: p.currency,
    status: p.status,
    date_of_death: p.dateOfDeath,
    trusted_contact: p.trustedContact,
    metadata: p.metadata,
  };
}

interface Deps {
  db: Kysely<Database>;
  store: ProfilesStore;
  clock: Clock;
  /** Whether a profile has transactions: their amounts are in its currency, which then cannot change. */
  hasTransactions: (
    trx: Executor,
    tenantId: string,
    environment: Environment,
    profileId: string,
  ) => Promise<boolean>;
  /** Called in the transaction of a status change (webhooks: profile.status_changed). */
  onStatusChanged?: (
    trx: Executor,
    ctx: TenantContext,
    profile: ProfileView,
    previous: Profile['status'],
    atMs: number,
  ) => Promise<void>;
}

export function createProfilesService(deps: Deps) {
  const { db, store, clock, hasTransactions, onStatusChanged } = deps;

  // Ages are derived on every read: today's date and each date of birth's age today are worked out
  // once a day (a few thousand distinct dates of birth at most), not on every request.
  let dayStartMs = Number.NaN;
  const ages = new Map<string, number>();
  // Views of shared (frozen) profiles from readById, built once a day each: the same profile object
  // comes back until the database changes, so a repeat GET builds no view. Dropped with the day.
  let sharedViews = new WeakMap<Readonly<Profile>, ProfileView>();
  function startDay(): void {
    const nowMs = clock.nowMs();
    if (!(nowMs >= dayStartMs && nowMs < dayStartMs + DAY_MS) || ages.size >= MAX_AGES) {
      dayStartMs = nowMs - (nowMs % DAY_MS);
      ages.clear();
      sharedViews = new WeakMap();
    }
  }
  function ageToday(dateOfBirth: string): number {
    const nowMs = clock.nowMs();
    startDay();
    let age = ages.get(dateOfBirth);
    if (age === undefined) {
      age = ageOn(dateOfBirth, isoDate(nowMs));
      ages.set(dateOfBirth, age);
    }
    return age;
  }

  function view(profile: Profile): ProfileView {
    return { ...profile, age: ageToday(profile.dateOfBirth) };
  }

  function check(profile: Profile, nowMs: number): void {
    const problem = findProfileProblem(profile, isoDate(nowMs), CURRENCIES);
    if (problem) throw apiError('VALIDATION_ERROR', problem);
  }

  return {
    async get(ctx: TenantContext, id: string): Promise<ProfileView> {
      const profile = await store.readById(ctx.tenantId, ctx.environment, id);
      if (!profile) throw apiError('PROFILE_NOT_FOUND');
      if (!Object.isFrozen(profile)) return view(profile);
      startDay();
      let shared = sharedViews.get(profile);
      if (!shared) {
        shared = Object.freeze(view(profile));
        sharedViews.set(profile, shared);
      }
      return shared;
    },

    async list(
      ctx: TenantContext,
      filters: ProfileFilters,
      page: { afterId?: string; limit: number },
    ): Promise<ProfileView[]> {
      const profiles = await store.list(ctx.tenantId, ctx.environment, filters, page);
      return profiles.map(view);
    },

    async create(ctx: TenantContext, input: ProfileInput): Promise<ProfileView> {
      const nowMs = clock.nowMs();
      const profile: Profile = {
        ...input,
        id: newId(),
        dateOfDeath: input.status === 'DECEASED' ? (input.dateOfDeath ?? isoDate(nowMs)) : input.dateOfDeath,
        statusChangedAtMs: nowMs,
        riskScore: 0,
        riskLevel: 'NONE',
        openSignalCount: 0,
        baselineStatus: 'NONE',
        activityVersion: null,
        baselineVersion: null,
        suppressionsVersion: null,
        createdAtMs: nowMs,
        updatedAtMs: nowMs,
      };
      check(profile, nowMs);
      try {
        await withTransaction(db, async (trx) => {
          await store.insert(trx, ctx.tenantId, ctx.environment, profile);
          await recordAudit(trx, ctx, nowMs, {
            action: 'profile.created',
            resourceType: 'profile',
            resourceId: profile.id,
            changes: auditChanges({}, auditSnapshot(profile)),
          });
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw apiError('PROFILE_ALREADY_EXISTS');
        throw error;
      }
      return view(profile);
    },

    /** Applies a patch; status follows the transition table, and an unchanged profile writes nothing. */
    async update(ctx: TenantContext, id: string, patch: ProfilePatch): Promise<ProfileView> {
      const nowMs = clock.nowMs();
      const updated = await withTransaction(db, async (trx) => {
        const current = await store.findById(trx, ctx.tenantId, ctx.environment, id, { forUpdate: true });
        if (!current) throw apiError('PROFILE_NOT_FOUND');
        const status = patch.status ?? current.status;
        const transition = transitionProfileStatus(current.status, status);
        if (!transition.ok) {
          throw apiError(
            'INVALID_STATUS_TRANSITION',
            `cannot transition from ${transition.from} to ${transition.to}`,
          );
        }
        const next: Profile = { ...current, ...patch, status };
        if (transition.changed) next.statusChangedAtMs = nowMs;
        if (status === 'DECEASED' && next.dateOfDeath === null) next.dateOfDeath = isoDate(nowMs);
        check(next, nowMs);
        if (
          next.currency !== current.currency &&
          (await hasTransactions(trx, ctx.tenantId, ctx.environment, id))
        ) {
          throw apiError('INVALID_STATE', 'currency cannot change once the profile has transactions');
        }
        const changes = auditChanges(auditSnapshot(current), auditSnapshot(next));
        if (!changes) return current;
        next.updatedAtMs = nowMs;
        await store.update(trx, ctx.tenantId, ctx.environment, next);
        await recordAudit(trx, ctx, nowMs, {
          action: transition.changed ? 'profile.status_changed' : 'profile.updated',
          resourceType: 'profile',
          resourceId: id,
          changes,
        });
        if (transition.changed) await onStatusChanged?.(trx, ctx, view(next), current.status, nowMs);
        return next;
      });
      return view(updated);
    },

    /**
     * Erases the profile and everything under it, and its personal data wherever else it was kept
     * (profile-erasure.ts); the audit trail keeps only IDs and field names (api.md §5.1).
     */
    async remove(ctx: TenantContext, id: string): Promise<void> {
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        const current = await store.findById(trx, ctx.tenantId, ctx.environment, id, { forUpdate: true });
        if (!current) throw apiError('PROFILE_NOT_FOUND');
        await erasePersonalTraces(trx, ctx, id);
        await store.delete(trx, ctx.tenantId, ctx.environment, id);
        await recordAudit(trx, ctx, nowMs, {
          action: 'profile.deleted',
          resourceType: 'profile',
          resourceId: id,
          changes: null,
        });
      });
    },
  };
}
export type ProfilesService = ReturnType<typeof createProfilesService>;
