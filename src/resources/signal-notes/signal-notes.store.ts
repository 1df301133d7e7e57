import type { ActorRef } from '../../api/actor-ref.js';
import type { Environment } from '../../domain/values/enums.js';
import type { Executor } from '../../store/transaction.js';
import type { SignalNoteRow } from './signal-notes.table.js';

/** An analyst's note on a signal: written once, never edited or removed. */
export interface SignalNote {
  id: string;
  signalId: string;
  author: ActorRef;
  body: string;
  createdAtMs: number;
}

function toNote(row: SignalNoteRow): SignalNote {
  return {
    id: row.id,
    signalId: row.signal_id,
    author: { type: row.author_type as ActorRef['type'], id: row.author_id, name: row.author_name },
    body: row.body,
    createdAtMs: row.created_at,
  };
}

/** Insert and read only: there is no update or delete here, and the database refuses both (migration 008). */
export function createSignalNotesStore() {
  return {
    async insert(trx: Executor, tenantId: string, environment: Environment, note: SignalNote): Promise<void> {
      await trx
        .insertInto('signal_notes')
        .values({
          id: note.id,
          tenant_id: tenantId,
          environment,
          signal_id: note.signalId,
          author_type: note.author.type,
          author_id: note.author.id,
          author_name: note.author.name,
          body: note.body,
          created_at: note.createdAtMs,
        })
        .execute();
    },

    /** A page of a signal's notes, oldest first (a case file reads top to bottom). */
    async list(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      signalId: string,
      page: { afterId?: string; limit: number },
    ): Promise<SignalNote[]> {
      let q = executor
        .selectFrom('signal_notes')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('signal_id', '=', signalId);
      if (page.afterId !== undefined) q = q.where('id', '>', page.afterId);
      const rows = await q.orderBy('id', 'asc').limit(page.limit).execute();
      return rows.map(toNote);
    },
  };
}
export type SignalNotesStore = ReturnType<typeof createSignalNotesStore>;
