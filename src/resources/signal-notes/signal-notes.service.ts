import type { Kysely } from 'kysely';
import { actorRef } from '../../api/actor-ref.js';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { Clock } from '../../lib/clock.js';
import { newId } from '../../lib/ids.js';
import type { Database } from '../../store/database.js';
import { withTransaction, type Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { SignalsStore } from '../signals/signals.store.js';
import type { SignalNote, SignalNotesStore } from './signal-notes.store.js';

interface Deps {
  db: Kysely<Database>;
  store: SignalNotesStore;
  signals: Pick<SignalsStore, 'exists'>;
  clock: Clock;
  /** Webhooks (signal.note_added), in the note's transaction. */
  onAdded?: (trx: Executor, ctx: TenantContext, note: SignalNote, atMs: number) => Promise<void>;
}

/** Notes on a signal (issue 10): append-only, each one audited. */
export function createSignalNotesService(deps: Deps) {
  const { db, store, clock } = deps;

  async function requireSignal(ctx: TenantContext, signalId: string) {
    if (!(await deps.signals.exists(db, ctx.tenantId, ctx.environment, signalId)))
      throw apiError('SIGNAL_NOT_FOUND');
  }

  return {
    async add(ctx: TenantContext, signalId: string, body: string): Promise<SignalNote> {
      if (body.trim() === '') throw apiError('VALIDATION_ERROR', 'body must not be blank');
      await requireSignal(ctx, signalId);
      const nowMs = clock.nowMs();
      const note: SignalNote = {
        id: newId(),
        signalId,
        author: actorRef(ctx.actor),
        body,
        createdAtMs: nowMs,
      };
      await withTransaction(db, async (trx) => {
        await store.insert(trx, ctx.tenantId, ctx.environment, note);
        // The note itself is the record of what was written; the audit event says who added which.
        await recordAudit(trx, ctx, nowMs, {
          action: 'signal.note_added',
          resourceType: 'signal',
          resourceId: signalId,
          changes: { note_id: [null, note.id], length: [null, body.length] },
        });
        await deps.onAdded?.(trx, ctx, note, nowMs);
      });
      return note;
    },

    async list(ctx: TenantContext, signalId: string, page: { afterId?: string; limit: number }) {
      await requireSignal(ctx, signalId);
      return store.list(db, ctx.tenantId, ctx.environment, signalId, page);
    },
  };
}
export type SignalNotesService = ReturnType<typeof createSignalNotesService>;
