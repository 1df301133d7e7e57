import type { Kysely } from 'kysely';
import { actorRef, type ActorRef } from '../../api/actor-ref.js';
import type { TenantContext } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import type { AccountEvent, Transaction } from '../../domain/activity.js';
import { buildCaseFacts, type CaseFacts } from '../../domain/case/case-facts.js';
import { buildNarrative, type DraftNarrative } from '../../domain/case/narrative.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { withTransaction } from '../../store/transaction.js';
import { recordAudit, type AuditEvent, type AuditEventsStore } from '../audit-events/audit-events.store.js';
import type { ProfileView } from '../profiles/profile.js';
import type { ProfilesService } from '../profiles/profiles.service.js';
import type { SignalNote, SignalNotesStore } from '../signal-notes/signal-notes.store.js';
import type { SignalsService } from '../signals/signals.service.js';
import type { SignalRecord } from '../signals/signal.js';
import type { SuppressionRecord, SuppressionsStore } from '../suppressions/suppressions.store.js';
import { findEvidenceItems } from './case-export.store.js';

export type ExportFormat = 'json' | 'html';

/** Everything a case file holds (issue 10 case export), as the presenter and the HTML page read it. */
export interface CaseExport {
  generatedAtMs: number;
  generatedBy: ActorRef;
  signal: SignalRecord;
  profile: ProfileView;
  transactions: Transaction[];
  events: AccountEvent[];
  facts: CaseFacts;
  narrative: DraftNarrative;
  notes: SignalNote[];
  suppressions: SuppressionRecord[];
  audit: AuditEvent[];
}

interface Deps {
  db: Kysely<Database>;
  clock: Clock;
  signals: Pick<SignalsService, 'getSignal'>;
  profiles: Pick<ProfilesService, 'get'>;
  notes: Pick<SignalNotesStore, 'list'>;
  suppressions: Pick<SuppressionsStore, 'list'>;
  audit: Pick<AuditEventsStore, 'list'>;
}

const AUDIT_EXTRACT_LIMIT = 200;

/** GET /signals/{id}/export(.html): the evidence for a Suspicious Activity Report, production only, audited. */
export function createCaseExportService(deps: Deps) {
  const { db, clock } = deps;

  async function allNotes(ctx: TenantContext, signalId: string): Promise<SignalNote[]> {
    const notes: SignalNote[] = [];
    for (;;) {
      const page = await deps.notes.list(db, ctx.tenantId, ctx.environment, signalId, {
        afterId: notes[notes.length - 1]?.id,
        limit: 500,
      });
      notes.push(...page);
      if (page.length < 500) return notes;
    }
  }

  return {
    async build(ctx: TenantContext, signalId: string, format: ExportFormat): Promise<CaseExport> {
      const signal = await deps.signals.getSignal(ctx, signalId);
      // Sandbox data is test data: a SAR is filed on real customers only. Unknown IDs stay 404.
      if (ctx.environment !== 'production')
        throw apiError('FORBIDDEN', 'case export is available in production only');
      const profile = await deps.profiles.get(ctx, signal.profileId);
      const transactionIds = new Set(Object.keys(signal.debits));
      const eventIds = new Set<string>();
      for (const e of signal.evidence) {
        (e.itemKind === 'event' ? eventIds : transactionIds).add(e.itemId);
        for (const id of e.transactionIds) transactionIds.add(id);
        for (const id of e.eventIds) eventIds.add(id);
      }
      const scope = { tenantId: ctx.tenantId, environment: ctx.environment, profileId: profile.id };
      const items = await findEvidenceItems(db, scope, {
        transactionIds: [...transactionIds],
        eventIds: [...eventIds],
      });
      const facts = buildCaseFacts(signal, items.transactions, items.events);
      const narrative = buildNarrative(
        facts,
        {
          name: profile.customerName,
          customerId: profile.customerId,
          age: profile.age,
          currency: profile.currency,
          dateOfDeath: profile.dateOfDeath,
        },
        { ...items, signalCreatedAtMs: signal.createdAtMs },
      );
      const nowMs = clock.nowMs();
      // Audited before the extract is read, so the file records its own export.
      await withTransaction(db, (trx) =>
        recordAudit(trx, ctx, nowMs, {
          action: 'signal.exported',
          resourceType: 'signal',
          resourceId: signal.id,
          changes: { format: [null, format] },
        }),
      );
      const suppressions = (
        await deps.suppressions.list(ctx.tenantId, ctx.environment, profile.id, {
          nowMs,
          includeExpired: true,
          limit: 200,
        })
      ).filter((s) => s.signalId === signal.id);
      const audit = (
        await Promise.all(
          [signal.id, ...suppressions.map((s) => s.id)].map((resourceId) =>
            deps.audit.list(ctx.tenantId, ctx.environment, { resourceId, limit: AUDIT_EXTRACT_LIMIT }),
          ),
        )
      )
        .flat()
        .sort((a, b) => a.atMs - b.atMs || (a.id < b.id ? -1 : 1));
      return {
        generatedAtMs: nowMs,
        generatedBy: actorRef(ctx.actor),
        signal,
        profile,
        ...items,
        facts,
        narrative,
        notes: await allNotes(ctx, signal.id),
        suppressions,
        audit,
      };
    },
  };
}
export type CaseExportService = ReturnType<typeof createCaseExportService>;
