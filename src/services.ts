import type { JobQueue } from './jobs/queue.js';
import type { ActivityScorer } from './scoring/port.js';
import type { ChunkTiming } from './resources/batch-runs/batch-runs.runner.js';
import type { Clock } from './lib/clock.js';
import { createBatchHistoryReader } from './scoring/batch-history.js';
import { createBatchRuns } from './resources/batch-runs/batch-runs.module.js';
import { createBacktests } from './resources/backtests/backtests.module.js';
import { createEvaluationWriter } from './ingest/evaluations.js';
import { createAccountEventsService } from './resources/account-events/account-events.service.js';
import { createAccountEventsStore } from './resources/account-events/account-events.store.js';
import { createApiKeyCache } from './resources/api-keys/api-keys.cache.js';
import { createApiKeysService } from './resources/api-keys/api-keys.service.js';
import { createApiKeysStore } from './resources/api-keys/api-keys.store.js';
import { createAuditEventsStore } from './resources/audit-events/audit-events.store.js';
import { createBaselinesService } from './resources/baselines/baselines.service.js';
import { createBaselinesStore } from './resources/baselines/baselines.store.js';
import { DEFAULT_RULES } from './domain/detection/rules/index.js';
import { createRulesService } from './resources/rules/rules.service.js';
import { createRulesStore } from './resources/rules/rules.store.js';
import { createSettingsService } from './resources/settings/settings.service.js';
import { createSettingsStore } from './resources/settings/settings.store.js';
import { createHistoryCache, DEFAULT_HISTORY_CACHE_ITEMS } from './scoring/history-cache.js';
import { createRealtimeScorer } from './scoring/realtime.js';
import { createSignalsService } from './resources/signals/signals.service.js';
import { createSignalsStore } from './resources/signals/signals.store.js';
import { createActivitySeriesService } from './resources/activity-series/activity-series.service.js';
import { createCaseExportService } from './resources/case-export/case-export.service.js';
import { createSignalNotesService } from './resources/signal-notes/signal-notes.service.js';
import { createSignalNotesStore } from './resources/signal-notes/signal-notes.store.js';
import { toNoteJson } from './resources/signal-notes/signal-notes.schemas.js';
import { createSuppressionsStore } from './resources/suppressions/suppressions.store.js';
import { createConfirmations } from './resources/watch-list/confirmations.js';
import { createWatchListService } from './resources/watch-list/watch-list.service.js';
import { createWatchListStore } from './resources/watch-list/watch-list.store.js';
import { createProfilesService } from './resources/profiles/profiles.service.js';
import { createProfilesStore } from './resources/profiles/profiles.store.js';
import { createTransactionsService } from './resources/transactions/transactions.service.js';
import { createTransactionsStore } from './resources/transactions/transactions.store.js';
import { createWebhooks } from './resources/webhooks/webhooks.module.js';
import { recordWebhookEvent } from './resources/webhooks/webhooks.outbox.js';
import { toSignalEventJson } from './resources/signals/signals.schemas.js';
import { toProfileJson } from './resources/profiles/profiles.schemas.js';
import { createSessionsStore } from './resources/sessions/sessions.store.js';
import { createUsersService } from './resources/users/users.service.js';
import { createUsersStore } from './resources/users/users.store.js';
import type { Db } from './store/create-db.js';
import { DEFAULT_RATE_LIMIT_PER_MINUTE } from './config.js';
import type { Environment } from './domain/values/enums.js';

/** Wires every store and service once; the HTTP app, the CLI and jobs share the result. */
export function createServices(
  db: Db,
  clock: Clock,
  options: {
    webhookSecretKey?: string;
    webhookAllowPrivateNetworks?: boolean;
    jobs?: JobQueue;
    batchChunkProfiles?: number;
    /** Worker threads for batch scoring (0 or absent: in process). */
    batchScoringThreads?: number;
    /** Transactions and events real-time scoring keeps in memory (0: none). */
    historyCacheItems?: number;
    /** Rate limits per environment of keys without their own (default: config's defaults). */
    rateLimitPerMinute?: Readonly<Record<Environment, number>>;
    /** Told the duration of every real-time scoring pass (metrics). */
    observeScoring?: (kind: 'transactions' | 'events', items: number, seconds: number) => void;
    /** Told how each batch chunk this process finished spent its time. */
    onChunkTimed?: (timing: ChunkTiming) => void;
  } = {},
) {
  const kysely = db.kysely;
  const rules = createRulesStore(kysely);
  const stores = {
    rules,
    settings: createSettingsStore(kysely, { rules, defaultRules: DEFAULT_RULES }),
    signals: createSignalsStore(kysely),
    apiKeys: createApiKeysStore(kysely),
    profiles: createProfilesStore(db),
    transactions: createTransactionsStore(db),
    accountEvents: createAccountEventsStore(db),
    baselines: createBaselinesStore(),
    auditEvents: createAuditEventsStore(kysely),
    suppressions: createSuppressionsStore(kysely),
    watchList: createWatchListStore(kysely),
    users: createUsersStore(kysely),
    sessions: createSessionsStore(kysely),
  };
  const writeEvaluations = createEvaluationWriter(db);
  const apiKeyCache = createApiKeyCache(stores.apiKeys);
  const scorer = createRealtimeScorer({
    settings: stores.settings,
    rules,
    baselines: stores.baselines,
    profiles: stores.profiles,
    transactions: stores.transactions,
    events: stores.accountEvents,
    signals: stores.signals,
    suppressions: stores.suppressions,
    watchList: stores.watchList,
    writeEvaluations,
    historyCache: createHistoryCache({ maxItems: options.historyCacheItems ?? DEFAULT_HISTORY_CACHE_ITEMS }),
    clock,
  });
  const profilesService = createProfilesService({
    db: kysely,
    store: stores.profiles,
    clock,
    hasTransactions: (trx, tenantId, environment, profileId) =>
      stores.transactions.hasAny(trx, tenantId, environment, profileId),
    onStatusChanged: (trx, ctx, profile, previous, atMs) =>
      recordWebhookEvent(
        trx,
        ctx,
        'profile.status_changed',
        { ...toProfileJson(profile), previous_status: previous },
        atMs,
      ).then(() => undefined),
  });
  const signalsService = createSignalsService({
    db: kysely,
    store: stores.signals,
    profiles: stores.profiles,
    suppressions: stores.suppressions,
    confirmations: createConfirmations(stores.watchList),
    clock,
    onReviewed: (trx, ctx, signal, atMs) =>
      recordWebhookEvent(trx, ctx, 'signal.reviewed', toSignalEventJson(signal), atMs).then(() => undefined),
    onAssigned: (trx, ctx, signal, previousAssigneeId, atMs) =>
      recordWebhookEvent(
        trx,
        ctx,
        'signal.assigned',
        { ...toSignalEventJson(signal), previous_assignee_id: previousAssigneeId },
        atMs,
      ).then(() => undefined),
  });
  const signalNotesStore = createSignalNotesStore();
  const batchScoring = {
    ...stores,
    events: stores.accountEvents,
    writeEvaluations,
    readHistory: createBatchHistoryReader(db, {
      transactions: stores.transactions,
      events: stores.accountEvents,
    }),
  };
  const backtests = createBacktests({
    db,
    clock,
    queue: options.jobs ?? noJobQueue,
    rules,
    settings: stores.settings,
    scoring: batchScoring,
  });
  return {
    stores,
    apiKeyCache,
    batchRuns: createBatchRuns({
      db,
      clock,
      queue: options.jobs ?? noJobQueue,
      chunkSize: options.batchChunkProfiles ?? 100,
      scoringThreads: options.batchScoringThreads ?? 0,
      rules,
      settings: stores.settings,
      scoring: batchScoring,
      onChunkTimed: options.onChunkTimed,
      extraTasks: [backtests.task],
    }),
    backtests,
    webhooks: createWebhooks(db, clock, {
      secretKey: options.webhookSecretKey,
      allowPrivateNetworks: options.webhookAllowPrivateNetworks,
    }),
    signals: signalsService,
    activitySeries: createActivitySeriesService({
      db: kysely,
      clock,
      profiles: profilesService,
      transactions: stores.transactions,
      events: stores.accountEvents,
      baselines: stores.baselines,
      signals: stores.signals,
    }),
    caseExport: createCaseExportService({
      db: kysely,
      clock,
      signals: signalsService,
      profiles: profilesService,
      notes: signalNotesStore,
      suppressions: stores.suppressions,
      audit: stores.auditEvents,
    }),
    signalNotes: createSignalNotesService({
      db: kysely,
      store: signalNotesStore,
      signals: stores.signals,
      clock,
      onAdded: (trx, ctx, note, atMs) =>
        recordWebhookEvent(trx, ctx, 'signal.note_added', toNoteJson(note), atMs).then(() => undefined),
    }),
    rules: createRulesService({ db: kysely, store: rules, settings: stores.settings, clock }),
    settings: createSettingsService({ db: kysely, store: stores.settings, clock }),
    watchList: createWatchListService({ db: kysely, store: stores.watchList, clock }),
    profiles: profilesService,
    apiKeys: createApiKeysService({
      db: kysely,
      store: stores.apiKeys,
      clock,
      defaultRateLimitPerMinute: options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      onRevoked: (id) => {
        apiKeyCache.forget(id);
      },
    }),
    users: createUsersService({ db: kysely, store: stores.users, sessions: stores.sessions, clock }),
    transactions: createTransactionsService({
      db: kysely,
      store: stores.transactions,
      profiles: stores.profiles,
      scorer: timedScorer(scorer, 'transactions', options.observeScoring),
      clock,
    }),
    accountEvents: createAccountEventsService({
      db: kysely,
      store: stores.accountEvents,
      profiles: stores.profiles,
      scorer: timedScorer(scorer, 'events', options.observeScoring),
      clock,
    }),
    baselines: createBaselinesService({
      db: kysely,
      store: stores.baselines,
      profiles: stores.profiles,
      transactions: stores.transactions,
      signals: stores.signals,
      clock,
    }),
  };
}
export type Services = ReturnType<typeof createServices>;

/** The scorer, timed for the metrics when someone listens. */
function timedScorer(
  scorer: ActivityScorer,
  kind: 'transactions' | 'events',
  observe: ((kind: 'transactions' | 'events', items: number, seconds: number) => void) | undefined,
): ActivityScorer {
  if (!observe) return scorer;
  return {
    async score(trx, ctx, batch) {
      const started = performance.now();
      try {
        return await scorer.score(trx, ctx, batch);
      } finally {
        let items = 0;
        for (const group of batch) items += group.transactions.length + group.events.length;
        observe(kind, items, (performance.now() - started) / 1000);
      }
    },
  };
}

const noJobQueue: JobQueue = {
  prepare: () => Promise.reject(new Error('no job queue configured: pass createServices a JobQueue')),
  send: () => Promise.reject(new Error('no job queue configured')),
  work: () => Promise.reject(new Error('no job queue configured')),
  stop: () => Promise.resolve(),
};
