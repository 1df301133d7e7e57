import type { Kysely } from 'kysely';
import type { Caller, TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { decideAssignment } from '../../domain/lifecycle/signal-assignment.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { findUser } from './assignees.store.js';
import type { SignalsStore } from './signals.store.js';
import type { SignalRecord } from './signal.js';

interface Deps {
  db: Kysely<Database>;
  store: SignalsStore;
  clock: Clock;
  getSignal: (ctx: TenantContext, id: string) => Promise<SignalRecord>;
  /** Webhooks (signal.assigned), in the assignment's transaction. */
  onAssigned?: (
    trx: Executor,
    ctx: TenantContext,
    signal: SignalRecord,
    previousAssigneeId: string | null,
    atMs: number,
  ) => Promise<void>;
}

/** POST /signals/{id}/assign (issue 10): who works a signal. */
export function createAssigner(deps: Deps) {
  const { db, store, clock } = deps;

  return async function assign(caller: Caller, id: string, assigneeId: string | null): Promise<SignalRecord> {
    const requested = assigneeId?.toLowerCase() ?? null;
    const current = await deps.getSignal(caller, id);
    const previous = current.assigneeId ?? null;
    const decision = decideAssignment({
      currentAssigneeId: previous,
      requestedAssigneeId: requested,
      actorUserId: caller.actor.userId,
      canAssignOthers: caller.scopes.includes('signals:assign'),
    });
    if (!decision.ok)
      throw apiError(
        'FORBIDDEN',
        caller.actor.userId === null
          ? 'assigning a signal with an API key needs scope signals:assign'
          : 'assigning a signal to someone else, or taking it from them, needs scope signals:assign',
      );
    if (!decision.changed) return current;
    const user = requested === null ? undefined : await findUser(db, caller.tenantId, requested);
    if (requested !== null) {
      // Another tenant's user is simply unknown here.
      if (!user) throw apiError('VALIDATION_ERROR', 'assignee_id is not a user of this tenant');
      if (user.status !== 'ACTIVE') throw apiError('VALIDATION_ERROR', 'assignee_id is a disabled user');
    }
    const nowMs = clock.nowMs();
    const assigned: SignalRecord = {
      ...current,
      assigneeId: requested,
      assignedAtMs: requested === null ? null : nowMs,
      assignee: user ? { id: user.id, email: user.email, name: user.name } : null,
      updatedAtMs: nowMs,
    };
    await withTransaction(db, async (trx) => {
      const change = { id: current.id, expected: previous, assigneeId: requested, atMs: nowMs };
      if (!(await store.updateAssigneeIf(trx, caller.tenantId, caller.environment, change)))
        throw apiError('INVALID_STATE', 'the signal was assigned by someone else meanwhile; read it again');
      await recordAudit(trx, caller, nowMs, {
        action: 'signal.assigned',
        resourceType: 'signal',
        resourceId: current.id,
        changes: { assignee_id: [previous, requested] },
      });
      await deps.onAssigned?.(trx, caller, assigned, previous, nowMs);
    });
    return assigned;
  };
}
