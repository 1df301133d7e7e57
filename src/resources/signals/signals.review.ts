import type { Kysely } from 'kysely';
import { actorRef } from '../../api/actor-ref.js';
import type { TenantContext } from '../../api/context.js';
import { ApiError, apiError } from '../../api/errors.js';
import { decideSuppression, isBenignDismissal } from '../../domain/detection/suppression.js';
import { reviewSignal, type ReviewInput } from '../../domain/lifecycle/signal-review.js';
import { REVIEW_REASONS } from '../../domain/values/enums.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { redactFields } from '../audit-events/redaction.js';
import { PERSONAL_SIGNAL_FIELDS } from '../profiles/profile-erasure.js';
import {
  findCounterparties,
  type SuppressionRecord,
  type SuppressionsStore,
} from '../suppressions/suppressions.store.js';
import type { Confirmations } from '../watch-list/confirmations.js';
import type { SignalsStore } from './signals.store.js';
import type { SignalRecord } from './signal.js';

export interface SuppressRequest {
  counterpartyId: string | null;
  days: number;
}

export interface ReviewRequest extends ReviewInput {
  suppress: SuppressRequest | null;
}

export type BulkOutcome =
  | { signalId: string; outcome: 'REVIEWED'; signal: SignalRecord }
  | { signalId: string; outcome: 'REFUSED'; error: ApiError };

interface Deps {
  db: Kysely<Database>;
  store: SignalsStore;
  suppressions: Pick<SuppressionsStore, 'insert'>;
  /** A confirmation records the counterparties the signal paid (learning from reviews). */
  confirmations?: Pick<Confirmations, 'confirmed'>;
  clock: Clock;
  getSignal: (ctx: TenantContext, id: string) => Promise<SignalRecord>;
  /** Locks the signal's profile: the one lock order of the service is profile, then signal. */
  lockProfile: (trx: Executor, ctx: TenantContext, profileId: string) => Promise<void>;
  /** Profile risk and webhooks, in the review's transaction. */
  afterReview: (trx: Executor, ctx: TenantContext, signal: SignalRecord, atMs: number) => Promise<void>;
}

const reasonsMessage = (status: 'CONFIRMED' | 'DISMISSED') =>
  `reason must be one of ${REVIEW_REASONS[status].join(', ')} for ${status}`;

const SUPPRESS_MESSAGE =
  'suppress needs status DISMISSED with reason KNOWN_COUNTERPARTY or LEGITIMATE_ACTIVITY';

/** Checks of the request alone (api.md §2: validation answers before lookups and state). */
function checkSuppressRequest(input: ReviewRequest): void {
  if (input.suppress !== null && !isBenignDismissal(input))
    throw apiError('VALIDATION_ERROR', SUPPRESS_MESSAGE);
}

/** Reviews of one signal and of many (issue 10 bulk review), with the suppression a dismissal may carry. */
export function createReviewer(deps: Deps) {
  const { db, store, clock } = deps;

  async function suppressionFor(
    ctx: TenantContext,
    signal: SignalRecord,
    input: ReviewRequest,
    nowMs: number,
  ): Promise<SuppressionRecord | undefined> {
    const request = input.suppress;
    if (request === null) return undefined;
    const paid =
      request.counterpartyId === null
        ? new Set<string>()
        : await findCounterparties(
            db,
            ctx.tenantId,
            ctx.environment,
            Object.keys(signal.debits).concat(signal.evidence.flatMap((e) => e.transactionIds)),
          );
    const decision = decideSuppression(input, request, paid, nowMs);
    if (!decision.ok) {
      switch (decision.reason) {
        case 'NOT_A_BENIGN_DISMISSAL':
          throw apiError('VALIDATION_ERROR', SUPPRESS_MESSAGE);
        case 'COUNTERPARTY_NOT_IN_SIGNAL':
          throw apiError(
            'VALIDATION_ERROR',
            "suppress.counterparty_id must be a counterparty of the signal's transactions",
          );
        default: {
          const unreachable: never = decision;
          throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
        }
      }
    }
    return {
      id: newId(),
      profileId: signal.profileId,
      counterpartyId: request.counterpartyId,
      ruleIds: [...new Set(signal.evidence.map((e) => e.ruleId))],
      signalId: signal.id,
      category: signal.category,
      reason: input.reason ?? '',
      createdBy: actorRef(ctx.actor),
      createdAtMs: nowMs,
      expiresAtMs: decision.expiresAtMs,
    };
  }

  async function reviewChecked(ctx: TenantContext, id: string, input: ReviewRequest): Promise<SignalRecord> {
    const current = await deps.getSignal(ctx, id);
    const nowMs = clock.nowMs();
    // The reviewer is the signed-in user when a user acted, else the API key (README "Users, sessions and roles").
    const reviewer = ctx.actor.userId ?? ctx.actor.apiKeyId ?? ctx.actor.name;
    const decision = reviewSignal(current, input, reviewer, nowMs);
    if (!decision.ok) {
      switch (decision.reason) {
        case 'NOT_ACTIVE':
          throw apiError('INVALID_STATE', 'signal review requires ACTIVE status');
        case 'REASON_NOT_ALLOWED':
          throw apiError('VALIDATION_ERROR', reasonsMessage(input.status));
        default: {
          const unreachable: never = decision;
          throw new Error(`unknown decision ${JSON.stringify(unreachable)}`);
        }
      }
    }
    const suppression = await suppressionFor(ctx, current, input, nowMs);
    const reviewed: SignalRecord = { ...current, ...decision.signal, updatedAtMs: nowMs };
    await withTransaction(db, async (trx) => {
      await deps.lockProfile(trx, ctx, current.profileId);
      // Another reviewer may have been faster: only one review changes an ACTIVE signal.
      if (!(await store.updateStatusIf(trx, ctx.tenantId, ctx.environment, reviewed, ['ACTIVE']))) {
        throw apiError('INVALID_STATE', 'signal review requires ACTIVE status');
      }
      await recordAudit(trx, ctx, nowMs, {
        action: 'signal.reviewed',
        resourceType: 'signal',
        resourceId: id,
        // The notes stay on the signal (erased with its profile); the trail says they were written.
        changes: redactFields(
          {
            status: ['ACTIVE', input.status],
            reason: [null, input.reason],
            notes: [null, input.notes],
            ...(suppression ? { suppression_id: [null, suppression.id] } : {}),
          },
          PERSONAL_SIGNAL_FIELDS,
        ),
      });
      if (suppression) {
        await deps.suppressions.insert(trx, ctx.tenantId, ctx.environment, suppression);
        await recordAudit(trx, ctx, nowMs, {
          action: 'suppression.created',
          resourceType: 'suppression',
          resourceId: suppression.id,
          changes: {
            profile_id: [null, suppression.profileId],
            signal_id: [null, suppression.signalId],
            counterparty_id: [null, suppression.counterpartyId],
            rule_ids: [null, suppression.ruleIds],
            expires_at: [null, new Date(suppression.expiresAtMs).toISOString()],
          },
        });
      }
      if (reviewed.status === 'CONFIRMED') await deps.confirmations?.confirmed(trx, ctx, reviewed, nowMs);
      await deps.afterReview(trx, ctx, reviewed, nowMs);
    });
    return reviewed;
  }

  return {
    /** POST /signals/{id}/review: CONFIRMED or DISMISSED, exactly one of concurrent reviews wins. */
    review: (ctx: TenantContext, id: string, input: ReviewRequest): Promise<SignalRecord> => {
      checkSuppressRequest(input);
      return reviewChecked(ctx, id, input);
    },

    /**
     * POST /signals/bulk-review: the same verdict on up to 100 signals, each reviewed or refused on
     * its own (its own transaction), in the order given. A request that is wrong as a whole (a
     * reason of the other outcome, a suppression on a confirmation, an ID twice) refuses them all.
     */
    bulkReview: async (
      ctx: TenantContext,
      ids: readonly string[],
      input: ReviewRequest,
    ): Promise<BulkOutcome[]> => {
      checkSuppressRequest(input);
      if (
        input.reason !== null &&
        !(REVIEW_REASONS[input.status] as readonly string[]).includes(input.reason)
      )
        throw apiError('VALIDATION_ERROR', reasonsMessage(input.status));
      const normalised = ids.map((id) => id.toLowerCase());
      if (new Set(normalised).size !== normalised.length)
        throw apiError('VALIDATION_ERROR', 'signal_ids must not repeat an ID');
      const results: BulkOutcome[] = [];
      for (const signalId of normalised) {
        try {
          results.push({ signalId, outcome: 'REVIEWED', signal: await reviewChecked(ctx, signalId, input) });
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          results.push({ signalId, outcome: 'REFUSED', error });
        }
      }
      return results;
    },
  };
}
