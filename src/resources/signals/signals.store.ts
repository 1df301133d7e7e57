import { sql, type Kysely } from 'kysely';
import type { Evidence, Review, SignalState } from '../../domain/detection/signal.js';
import type { Environment, Severity, SignalCategory, SignalStatus } from '../../domain/values/enums.js';
import type { Database } from '../../store/database.js';
import type { Executor } from '../../store/transaction.js';
import { findAssignees } from './assignees.store.js';
import { afterQueuePosition, SORT_SPECS, type QueuePosition, type SignalSort } from './signal-queue.js';
import type { SignalRow } from './signals.table.js';
import type { RetractedEvidence, SignalRecord } from './signal.js';

export interface SignalFilters {
  status?: SignalStatus;
  severity?: Severity;
  category?: SignalCategory;
  profileId?: string;
  ruleId?: string;
  createdAfterMs?: number;
  createdBeforeMs?: number;
  /** A user ID, or null for unassigned signals. */
  assigneeId?: string | null;
  minAmountAtRiskMinor?: number;
}

export interface SignalListPage {
  limit: number;
  /** Default order (newest first): the last ID seen. */
  afterId?: string;
  sort?: SignalSort;
  after?: QueuePosition;
}

/**
 * Evidence a signal loads: its latest items, and each rule's latest item (so the score, a noisy-OR
 * over its rules, still sees every rule). The rest stays in signal_evidence and is counted, so a
 * signal with 100k items scores and serialises in bounded memory and time.
 */
export const EVIDENCE_LOADED_PER_SIGNAL = 200;

function toRecord(row: SignalRow, evidence: Evidence[], total: number): SignalRecord {
  return {
    id: row.id,
    profileId: row.profile_id,
    customerId: row.customer_id,
    status: row.status as SignalStatus,
    category: row.signal_category as SignalCategory,
    severity: row.severity as Severity,
    score: row.score,
    evidence,
    evidenceTotal: Math.max(total, evidence.length),
    debits: JSON.parse(row.debits) as Record<string, number>,
    amountAtRiskMinor: row.amount_at_risk_minor,
    firstSeenMs: row.first_seen_at,
    lastSeenMs: row.last_seen_at,
    summary: row.summary,
    batchRunId: row.batch_run_id,
    review: row.review === null ? null : (JSON.parse(row.review) as Review),
    assigneeId: row.assignee_id,
    assignedAtMs: row.assigned_at,
    assignee: null,
    createdAtMs: row.created_at,
    updatedAtMs: row.updated_at,
    retractedAtMs: row.retracted_at,
    retractionReason: row.retraction_reason,
  };
}

/** Retracted evidence of these signals, oldest retraction first, for the API's reads. */
async function findRetracted(executor: Executor, ids: readonly string[]) {
  const bySignal = new Map<string, RetractedEvidence[]>();
  if (ids.length === 0) return bySignal;
  const rows = await executor
    .selectFrom('signal_evidence_retractions')
    .select(['signal_id', 'content', 'retracted_at', 'reason'])
    .where('signal_id', 'in', ids)
    .orderBy('retracted_at')
    .orderBy('occurred_at')
    .orderBy('rule_id')
    .execute();
  for (const r of rows) {
    const list = bySignal.get(r.signal_id) ?? [];
    list.push({
      ...(JSON.parse(r.content) as Evidence),
      retractedAtMs: r.retracted_at,
      retractionReason: r.reason,
    });
    bySignal.set(r.signal_id, list);
  }
  return bySignal;
}

function columns(s: SignalState) {
  return {
    status: s.status,
    signal_category: s.category,
    severity: s.severity,
    score: s.score,
    amount_at_risk_minor: s.amountAtRiskMinor,
    debits: JSON.stringify(s.debits),
    summary: s.summary,
    first_seen_at: s.firstSeenMs,
    last_seen_at: s.lastSeenMs,
    review: s.review === null ? null : JSON.stringify(s.review),
  };
}

export function createSignalsStore(db: Kysely<Database>) {
  async function withEvidence(executor: Executor, rows: SignalRow[]): Promise<SignalRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const ranked = executor
      .selectFrom('signal_evidence')
      .select([
        'signal_id',
        'content',
        'occurred_at',
        'rule_id',
        sql<number>`row_number() over (partition by signal_id order by occurred_at desc, rule_id desc, item_id desc)`.as(
          'recent_rank',
        ),
        sql<number>`row_number() over (partition by signal_id, rule_id order by occurred_at desc, item_id desc)`.as(
          'rule_rank',
        ),
        sql<number | string>`count(*) over (partition by signal_id)`.as('total'),
      ])
      .where('signal_id', 'in', ids);
    // Each signal's evidence count rides on its loaded rows (one statement, not two).
    const evidenceRows = await executor
      .selectFrom(ranked.as('r'))
      .select(['signal_id', 'content', 'total'])
      .where((eb) => eb.or([eb('recent_rank', '<=', EVIDENCE_LOADED_PER_SIGNAL), eb('rule_rank', '=', 1)]))
      .orderBy('occurred_at')
      .orderBy('rule_id')
      .execute();
    const totals = new Map(evidenceRows.map((e) => [e.signal_id, Number(e.total)]));
    const bySignal = new Map<string, Evidence[]>();
    for (const e of evidenceRows) {
      const list = bySignal.get(e.signal_id) ?? [];
      list.push(JSON.parse(e.content) as Evidence);
      bySignal.set(e.signal_id, list);
    }
    const assignees = await findAssignees(
      executor,
      rows[0]?.tenant_id ?? '',
      rows.flatMap((r) => (r.assignee_id === null ? [] : [r.assignee_id])),
    );
    return rows.map((row) => ({
      ...toRecord(row, bySignal.get(row.id) ?? [], totals.get(row.id) ?? 0),
      assignee: row.assignee_id === null ? null : (assignees.get(row.assignee_id) ?? null),
    }));
  }

  async function withHistory(records: SignalRecord[]): Promise<SignalRecord[]> {
    const retracted = await findRetracted(
      db,
      records.map((r) => r.id),
    );
    return records.map((r) => ({ ...r, retractedEvidence: retracted.get(r.id) ?? [] }));
  }

  const scoped = (executor: Executor, tenantId: string, environment: Environment) =>
    executor
      .selectFrom('signals')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('environment', '=', environment);

  function filtered(q: ReturnType<typeof scoped>, f: SignalFilters) {
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    if (f.severity !== undefined) q = q.where('severity', '=', f.severity);
    if (f.category !== undefined) q = q.where('signal_category', '=', f.category);
    if (f.profileId !== undefined) q = q.where('profile_id', '=', f.profileId);
    if (f.createdAfterMs !== undefined) q = q.where('created_at', '>=', f.createdAfterMs);
    if (f.createdBeforeMs !== undefined) q = q.where('created_at', '<', f.createdBeforeMs);
    if (f.assigneeId === null) q = q.where('assignee_id', 'is', null);
    else if (f.assigneeId !== undefined) q = q.where('assignee_id', '=', f.assigneeId);
    if (f.minAmountAtRiskMinor !== undefined)
      q = q.where('amount_at_risk_minor', '>=', f.minAmountAtRiskMinor);
    const ruleId = f.ruleId;
    if (ruleId !== undefined) {
      q = q.where('id', 'in', (eb) =>
        eb.selectFrom('signal_evidence').select('signal_id').where('rule_id', '=', ruleId),
      );
    }
    return q;
  }

  return {
    async listActiveForProfile(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
    ): Promise<SignalRecord[]> {
      const rows = await scoped(executor, tenantId, environment)
        .where('profile_id', '=', profileId)
        .where('status', '=', 'ACTIVE')
        .orderBy('id')
        .execute();
      return withEvidence(executor, rows);
    },

    /**
     * What scoring a profile reads of its signals, in one statement: its ACTIVE signals with their
     * evidence (as `listActiveForProfile`), and the score and last-seen time of its CONFIRMED ones,
     * which count towards its risk with the ACTIVE ones (`riskInputs`).
     */
    async loadForScoring(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
    ): Promise<{ active: SignalRecord[]; confirmed: { id: string; score: number; lastSeenMs: number }[] }> {
      const rows = await scoped(executor, tenantId, environment)
        .where('profile_id', '=', profileId)
        .where('status', 'in', ['ACTIVE', 'CONFIRMED'])
        .orderBy('id')
        .execute();
      return {
        active: await withEvidence(
          executor,
          rows.filter((r) => r.status === 'ACTIVE'),
        ),
        confirmed: rows
          .filter((r) => r.status === 'CONFIRMED')
          .map((r) => ({ id: r.id, score: r.score, lastSeenMs: r.last_seen_at })),
      };
    },

    /** "rule|item" keys of evidence already raised for these items, in any signal. */
    async existingEvidenceKeys(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      itemIds: readonly string[],
    ): Promise<Set<string>> {
      const keys = new Set<string>();
      for (let i = 0; i < itemIds.length; i += 500) {
        const rows = await executor
          .selectFrom('signal_evidence')
          .select(['rule_id', 'item_id'])
          .where('tenant_id', '=', tenantId)
          .where('environment', '=', environment)
          .where('item_id', 'in', itemIds.slice(i, i + 500))
          .execute();
        for (const r of rows) keys.add(`${r.rule_id}|${r.item_id}`);
      }
      return keys;
    },

    async insert(trx: Executor, tenantId: string, environment: Environment, s: SignalRecord): Promise<void> {
      await trx
        .insertInto('signals')
        .values({
          id: s.id,
          tenant_id: tenantId,
          environment,
          profile_id: s.profileId,
          customer_id: s.customerId,
          batch_run_id: s.batchRunId,
          created_at: s.createdAtMs,
          updated_at: s.updatedAtMs,
          ...columns(s),
        })
        .execute();
    },

    /**
     * Writes what scoring changes (new evidence: score, severity, amounts, summary, time bounds), never
     * status or review, and only while the signal is ACTIVE: a review that committed first is kept.
     */
    async update(trx: Executor, tenantId: string, environment: Environment, s: SignalRecord): Promise<void> {
      await trx
        .updateTable('signals')
        .set({
          signal_category: s.category,
          severity: s.severity,
          score: s.score,
          amount_at_risk_minor: s.amountAtRiskMinor,
          debits: JSON.stringify(s.debits),
          summary: s.summary,
          first_seen_at: s.firstSeenMs,
          last_seen_at: s.lastSeenMs,
          updated_at: s.updatedAtMs,
        })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', s.id)
        .where('status', '=', 'ACTIVE')
        .execute();
    },

    /**
     * Writes a review or reopen only if the signal is still in one of `expected` statuses: of two
     * concurrent reviews exactly one changes the row. Returns whether it did.
     */
    async updateStatusIf(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      s: SignalRecord,
      expected: readonly SignalStatus[],
    ): Promise<boolean> {
      const result = await trx
        .updateTable('signals')
        .set({
          status: s.status,
          review: s.review === null ? null : JSON.stringify(s.review),
          updated_at: s.updatedAtMs,
        })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', s.id)
        .where('status', 'in', [...expected])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Sets the assignee only if it is still `expected`: concurrent assignments cannot overwrite each other unseen. */
    async updateAssigneeIf(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      change: { id: string; expected: string | null; assigneeId: string | null; atMs: number },
    ): Promise<boolean> {
      let q = trx
        .updateTable('signals')
        .set({
          assignee_id: change.assigneeId,
          assigned_at: change.assigneeId === null ? null : change.atMs,
          updated_at: change.atMs,
        })
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', change.id);
      q =
        change.expected === null
          ? q.where('assignee_id', 'is', null)
          : q.where('assignee_id', '=', change.expected);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertEvidence(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      signalId: string,
      evidence: readonly Evidence[],
    ): Promise<void> {
      if (evidence.length === 0) return;
      await trx
        .insertInto('signal_evidence')
        .values(
          evidence.map((e) => ({
            tenant_id: tenantId,
            environment,
            signal_id: signalId,
            rule_id: e.ruleId,
            item_id: e.itemId,
            occurred_at: e.occurredAtMs,
            content: JSON.stringify(e),
          })),
        )
        .onConflict((oc) => oc.columns(['tenant_id', 'environment', 'rule_id', 'item_id']).doNothing())
        .execute();
    },

    async exists(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      id: string,
    ): Promise<boolean> {
      const row = await executor
        .selectFrom('signals')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', id)
        .executeTakeFirst();
      return row !== undefined;
    },

    async findById(
      tenantId: string,
      environment: Environment,
      id: string,
    ): Promise<SignalRecord | undefined> {
      const row = await scoped(db, tenantId, environment).where('id', '=', id).executeTakeFirst();
      return row && (await withHistory(await withEvidence(db, [row])))[0];
    },

    async list(
      tenantId: string,
      environment: Environment,
      f: SignalFilters,
      page: SignalListPage,
    ): Promise<SignalRecord[]> {
      let q = filtered(scoped(db, tenantId, environment), f);
      if (page.sort === undefined) {
        if (page.afterId !== undefined) q = q.where('id', '<', page.afterId);
        return withHistory(await withEvidence(db, await q.orderBy('id', 'desc').limit(page.limit).execute()));
      }
      const spec = SORT_SPECS[page.sort];
      if (page.after !== undefined) q = q.where(afterQueuePosition(page.after));
      const rows = await q
        .orderBy(spec.key, spec.direction)
        .orderBy('id', spec.tie)
        .limit(page.limit)
        .execute();
      return withHistory(await withEvidence(db, rows));
    },

    /** How many signals match the filters, per severity (the queue's header). */
    async countBySeverity(
      tenantId: string,
      environment: Environment,
      f: SignalFilters,
    ): Promise<Record<Severity, number>> {
      const rows = await filtered(scoped(db, tenantId, environment), f)
        .clearSelect()
        .select((eb) => ['severity', eb.fn.countAll<number | string>().as('count')])
        .groupBy('severity')
        .execute();
      const counts: Record<Severity, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
      for (const r of rows) counts[r.severity as Severity] = Number(r.count);
      return counts;
    },

    /** The profile's signals first seen in [fromMs, toMs), oldest first (chart markers). */
    async listFirstSeen(
      tenantId: string,
      environment: Environment,
      profileId: string,
      range: { fromMs: number; toMs: number },
    ) {
      const rows = await db
        .selectFrom('signals')
        .select(['id', 'signal_category', 'severity', 'first_seen_at'])
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .where('first_seen_at', '>=', range.fromMs)
        .where('first_seen_at', '<', range.toMs)
        .orderBy('first_seen_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        category: r.signal_category as SignalCategory,
        severity: r.severity as Severity,
        firstSeenMs: r.first_seen_at,
      }));
    },

    /** Transactions that are evidence of the profile's CONFIRMED signals: left out of its baselines (detection.md §2). */
    async confirmedEvidenceTransactionIds(
      executor: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
    ): Promise<Set<string>> {
      const rows = await executor
        .selectFrom('signal_evidence as e')
        .innerJoin('signals as s', 's.id', 'e.signal_id')
        .select('e.content')
        .where('s.tenant_id', '=', tenantId)
        .where('s.environment', '=', environment)
        .where('s.profile_id', '=', profileId)
        .where('s.status', '=', 'CONFIRMED')
        .execute();
      return new Set(rows.flatMap((r) => (JSON.parse(r.content) as Evidence).transactionIds));
    },

    /**
     * The profile's signals that late data may re-score (issue 13): every ACTIVE one, and every
     * reviewed one seen since sinceMs, each with ALL its evidence (a replay rebuilds them whole).
     */
    async listForReplay(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
      sinceMs: number,
    ): Promise<SignalRecord[]> {
      const rows = await scoped(trx, tenantId, environment)
        .where('profile_id', '=', profileId)
        .where('retracted_at', 'is', null)
        .where((eb) => eb.or([eb('status', '=', 'ACTIVE'), eb('last_seen_at', '>=', sinceMs)]))
        .orderBy('first_seen_at')
        .orderBy('id')
        .execute();
      if (rows.length === 0) return [];
      const evidence = await trx
        .selectFrom('signal_evidence')
        .select(['signal_id', 'content'])
        .where(
          'signal_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('occurred_at')
        .orderBy('item_id')
        .orderBy('rule_id')
        .execute();
      const bySignal = new Map<string, Evidence[]>();
      for (const e of evidence) {
        const list = bySignal.get(e.signal_id) ?? [];
        list.push(JSON.parse(e.content) as Evidence);
        bySignal.set(e.signal_id, list);
      }
      return rows.map((row) => {
        const all = bySignal.get(row.id) ?? [];
        return toRecord(row, all, all.length);
      });
    },

    /** Moves evidence that no longer holds into the signal's history, with when and why. */
    async retractEvidence(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      signalId: string,
      retracted: readonly { evidence: Evidence; reason: string }[],
      atMs: number,
    ): Promise<void> {
      if (retracted.length === 0) return;
      await trx
        .insertInto('signal_evidence_retractions')
        .values(
          retracted.map(({ evidence: e, reason }) => ({
            tenant_id: tenantId,
            environment,
            signal_id: signalId,
            rule_id: e.ruleId,
            item_id: e.itemId,
            occurred_at: e.occurredAtMs,
            content: JSON.stringify(e),
            retracted_at: atMs,
            reason,
          })),
        )
        .execute();
      for (const { evidence: e } of retracted) {
        await trx
          .deleteFrom('signal_evidence')
          .where('tenant_id', '=', tenantId)
          .where('environment', '=', environment)
          .where('signal_id', '=', signalId)
          .where('rule_id', '=', e.ruleId)
          .where('item_id', '=', e.itemId)
          .execute();
      }
    },

    /** Rewrites evidence that still holds but now measures differently. */
    async refreshEvidence(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      signalId: string,
      evidence: readonly Evidence[],
    ): Promise<void> {
      for (const e of evidence) {
        await trx
          .updateTable('signal_evidence')
          .set({ content: JSON.stringify(e) })
          .where('tenant_id', '=', tenantId)
          .where('environment', '=', environment)
          .where('signal_id', '=', signalId)
          .where('rule_id', '=', e.ruleId)
          .where('item_id', '=', e.itemId)
          .execute();
      }
    },

    /**
     * Marks a signal whose every evidence item was retracted: an unreviewed one leaves the queue
     * (DISMISSED with no review: closed by the system, not by an analyst); a reviewed one keeps its
     * status and review, and its history shows the retraction.
     */
    async markRetracted(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      change: { id: string; atMs: number; reason: string },
    ): Promise<void> {
      await trx
        .updateTable('signals')
        .set((eb) => ({
          retracted_at: change.atMs,
          retraction_reason: change.reason,
          updated_at: change.atMs,
          status: eb.case().when('review', 'is', null).then('DISMISSED').else(eb.ref('status')).end(),
        }))
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('id', '=', change.id)
        .execute();
    },

    /** Scores of the profile's ACTIVE and CONFIRMED signals seen since sinceMs, and how many are ACTIVE. */
    async riskInputs(
      trx: Executor,
      tenantId: string,
      environment: Environment,
      profileId: string,
      sinceMs: number,
    ) {
      const rows = await trx
        .selectFrom('signals')
        .select(['score', 'status', 'last_seen_at'])
        .where('tenant_id', '=', tenantId)
        .where('environment', '=', environment)
        .where('profile_id', '=', profileId)
        .where('status', 'in', ['ACTIVE', 'CONFIRMED'])
        .execute();
      return {
        scores: rows.filter((r) => r.last_seen_at >= sinceMs).map((r) => r.score),
        openCount: rows.filter((r) => r.status === 'ACTIVE').length,
      };
    },
  };
}
export type SignalsStore = ReturnType<typeof createSignalsStore>;
