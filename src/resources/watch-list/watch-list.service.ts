import type { Kysely } from 'kysely';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import type { WatchListEntry, WatchListStore } from './watch-list.store.js';

const notFound = () => apiError('NOT_FOUND', 'watch list entry not found');

/** The tenant environment's watch list (issue 13): read it, and let a supervisor take an entry off. */
export function createWatchListService(deps: { db: Kysely<Database>; store: WatchListStore; clock: Clock }) {
  const { db, store, clock } = deps;
  return {
    list: (ctx: TenantContext, page: { afterId?: string; limit: number }): Promise<WatchListEntry[]> =>
      store.list(ctx.tenantId, ctx.environment, page),

    /**
     * Takes the counterparty off the list: other profiles' payments to it are no longer raised; the
     * profiles whose signals confirmed it keep their own confirmations. A later confirmation lists it again.
     */
    async remove(ctx: TenantContext, id: string): Promise<void> {
      const entry = await store.find(ctx.tenantId, ctx.environment, id);
      if (!entry) throw notFound();
      const nowMs = clock.nowMs();
      await withTransaction(db, async (trx) => {
        if (!(await store.remove(trx, ctx.tenantId, ctx.environment, id))) throw notFound();
        await recordAudit(trx, ctx, nowMs, {
          action: 'watch_list.entry_removed',
          resourceType: 'watch_list_entry',
          resourceId: id,
          changes: { counterparty_id: [entry.counterpartyId, null] },
        });
      });
    },
  };
}
export type WatchListService = ReturnType<typeof createWatchListService>;
