import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type LabelValues } from 'prom-client';
import { registerRouteMetrics } from './route-metrics.js';

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
const SCORING_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];

/** What the database says at scrape time: batch runs, the job queue and the webhook outbox. */
export interface OperationalSnapshot {
  batchRuns: readonly { status: string; count: number; profilesTotal: number; profilesDone: number }[];
  jobs: readonly { queue: string; state: string; count: number }[];
  outbox: { lagSeconds: number; pending: number; failedLastHour: number };
}

let processRegistry: Registry | undefined;

/**
 * Process metrics (CPU, memory, heap spaces, event-loop lag, GC, handles) are the process's, not an
 * app's: collected once into one registry however many apps a process (or a test file) builds.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, eventLoopMonitoringPrecision: 20 });
  }
  return processRegistry;
}

/**
 * The app's Prometheus metrics (prom-client): HTTP by route template, real-time scoring latency,
 * batch-run chunks, and, read from the database when scraped, batch progress, job queue depth and
 * the webhook outbox's lag and failures. `render` adds the process metrics.
 */
export function createMetrics(options: { snapshot?: () => Promise<OperationalSnapshot> } = {}) {
  const registry = new Registry();
  const observeRequest = registerRouteMetrics(registry, HTTP_BUCKETS);
  const scoring = new Histogram({
    name: 'vigil_scoring_duration_seconds',
    help: 'Real-time scoring of one ingest request (all its items), in the request transaction.',
    labelNames: ['kind'] as const,
    buckets: SCORING_BUCKETS,
    registers: [registry],
  });
  const scoredItems = new Counter({
    name: 'vigil_scored_items_total',
    help: 'Transactions and account events scored in real time.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const chunks = new Histogram({
    name: 'vigil_batch_chunk_seconds',
    help: 'Batch-run chunks this process finished: wall time, CPU time and time waiting on the database.',
    labelNames: ['part'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const chunkTransactions = new Counter({
    name: 'vigil_batch_transactions_scored_total',
    help: 'Transactions scored by batch-run chunks this process finished.',
    registers: [registry],
  });
  const snapshot = options.snapshot;
  if (snapshot) registerSnapshotGauges(registry, snapshot);

  return {
    observeRequest,

    observeScoring(kind: 'transactions' | 'events', items: number, seconds: number): void {
      const labels: LabelValues<'kind'> = { kind };
      scoring.observe(labels, seconds);
      scoredItems.inc(labels, items);
    },

    observeChunk(timing: { wallMs: number; cpuMs: number; dbMs: number; transactions: number }): void {
      chunks.observe({ part: 'wall' }, timing.wallMs / 1000);
      chunks.observe({ part: 'cpu' }, timing.cpuMs / 1000);
      chunks.observe({ part: 'db' }, timing.dbMs / 1000);
      chunkTransactions.inc(timing.transactions);
    },

    contentType: registry.contentType,

    async render(): Promise<string> {
      return (await Registry.merge([processMetrics(), registry]).metrics()) + '\n';
    },
  };
}
export type Metrics = ReturnType<typeof createMetrics>;

function registerSnapshotGauges(registry: Registry, snapshot: () => Promise<OperationalSnapshot>): void {
  // One database read per scrape feeds every gauge below; the first gauge collected starts it.
  let pending: Promise<OperationalSnapshot> | undefined;
  const read = () => {
    pending ??= snapshot().finally(() => {
      setImmediate(() => (pending = undefined));
    });
    return pending;
  };
  new Gauge({
    name: 'vigil_batch_runs',
    help: 'Batch runs by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const r of (await read()).batchRuns) this.set({ status: r.status }, r.count);
    },
  });
  new Gauge({
    name: 'vigil_batch_run_profiles',
    help: 'Profiles of the unfinished (QUEUED or RUNNING) batch runs: total and done.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const open = (await read()).batchRuns.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
      this.set(
        { state: 'total' },
        open.reduce((n, r) => n + r.profilesTotal, 0),
      );
      this.set(
        { state: 'done' },
        open.reduce((n, r) => n + r.profilesDone, 0),
      );
    },
  });
  new Gauge({
    name: 'vigil_job_queue_depth',
    help: 'Jobs waiting or running, by queue and state.',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const j of (await read()).jobs) this.set({ queue: j.queue, state: j.state }, j.count);
    },
  });
  new Gauge({
    name: 'vigil_webhook_outbox_lag_seconds',
    help: 'Age of the oldest webhook attempt that is due and not yet sent (0 when none is).',
    registers: [registry],
    async collect() {
      this.set((await read()).outbox.lagSeconds);
    },
  });
  new Gauge({
    name: 'vigil_webhook_outbox_pending',
    help: 'Webhook attempts waiting to be sent (due now or later).',
    registers: [registry],
    async collect() {
      this.set((await read()).outbox.pending);
    },
  });
  new Gauge({
    name: 'vigil_webhook_deliveries_failed_last_hour',
    help: 'Webhook attempts that failed in the last hour.',
    registers: [registry],
    async collect() {
      this.set((await read()).outbox.failedLastHour);
    },
  });
}
