import { hostname } from 'node:os';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { JobQueue, JobRequest } from '../../jobs/queue.js';
import { errorMessage } from '../../jobs/queue.js';
import type { Clock } from '../../lib/clock.js';
import type { Database } from '../../store/database.js';
import { queryTime } from '../../store/query-time.js';
import { withTransaction } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { toEngineRules } from '../../scoring/profile.js';
import type { BatchRun } from './batch-run.js';
import { chunkJob, planJob } from './batch-runs.jobs.js';
import {
  inProcessScorer,
  scoreBatchProfile,
  type BatchProfileScorer,
  type BatchScoringDeps,
  type ProfileCounts,
} from '../../scoring/batch.js';
import { ScoringThreadError, type ScoringPool } from '../../scoring/pool/pool.js';
import type { BatchRunsStore } from './batch-runs.store.js';
import { contextOf, finishRun } from './batch-runs.transitions.js';
import type { DetectionSettingsRecord } from '../settings/detection-settings.js';

export interface BatchRunnerDeps {
  db: Kysely<Database>;
  store: BatchRunsStore;
  scoring: BatchScoringDeps;
  queue: JobQueue;
  clock: Clock;
  /** Threads for the pure part of scoring; without one, profiles are scored in this process. */
  pool?: ScoringPool;
  /** Told how each finished chunk spent its time (logs, metrics, bench B6's model). */
  onChunkTimed?: (timing: ChunkTiming) => void;
}

/**
 * One chunk's time, measured in the process that worked it: `cpuMs` is the process's CPU time
 * (user + system, all threads) and `dbMs` the time its statements waited on the database, both
 * over the chunk's wall time; with several chunks in one process at once they overlap.
 */
export interface ChunkTiming {
  runId: string;
  chunkNo: number;
  profiles: number;
  transactions: number;
  wallMs: number;
  cpuMs: number;
  dbMs: number;
  statements: number;
}

/** How a chunk's profiles are scored: the run's settings, on the pool's threads or in process. */
interface ChunkScoring {
  settings: DetectionSettingsRecord;
  scorer: BatchProfileScorer;
}

type Step = { kind: 'scored' } | { kind: 'done' } | { kind: 'stopped' };

const WORKER = `${hostname()}:${process.pid}`;

// Each transaction commits (on SQLite, a WAL write) and re-reads the chunk and the run's status, which
// cost as much as scoring a small profile; several profiles per transaction share that. A group holds
// the profiles' locks (and, on SQLite, the process's one connection) until it commits, so groups grow
// only while they commit within this budget, starting from one profile.
const GROUP_BUDGET_MS = 20;
const MAX_GROUP = 32;

/** How many profiles the next transaction scores: doubled after a group within budget, halved after one over it. */
function profileGroups() {
  let size = 1;
  return {
    get size(): number {
      return size;
    },
    took(ms: number, scored: number): void {
      if (ms > GROUP_BUDGET_MS) size = Math.max(1, Math.floor(scored / 2));
      else if (scored === size) size = Math.min(MAX_GROUP, size * 2);
    },
    failed(): void {
      size = 1;
    },
  };
}

/**
 * The work of a batch run, as jobs run it (api.md §5.7): `plan` splits a QUEUED run into chunks of
 * profiles and queues them; `runChunk` scores a chunk one profile per transaction, each recording
 * its progress, so a chunk cut short resumes after its last profile; the chunk that finishes last
 * completes the run. Every step can run twice without counting anything twice.
 */
export function createBatchRunner(deps: BatchRunnerDeps) {
  const { db, store, clock } = deps;

  async function plan(runId: string): Promise<void> {
    await deps.queue.prepare();
    await withTransaction(db, async (trx) => {
      const run = await store.findForWork(trx, runId, { forUpdate: true });
      if (run?.status !== 'QUEUED') return;
      const nowMs = clock.nowMs();
      const jobs: JobRequest[] = [];
      let profilesTotal = 0;
      const addChunk = async (ids: string[]) => {
        await store.insertChunk(trx, run.id, jobs.length, ids, nowMs);
        jobs.push(chunkJob(run.id, jobs.length));
        profilesTotal += ids.length;
      };
      const named = run.request.profileIds;
      if (named) {
        for (let i = 0; i < named.length; i += run.chunkSize)
          await addChunk(named.slice(i, i + run.chunkSize));
      } else {
        // A page of IDs at a time: the tenant's profiles are never all in memory.
        let afterId: string | undefined;
        for (;;) {
          const ids = await store.listEligibleProfileIds(trx, run.tenantId, run.environment, {
            afterId,
            limit: run.chunkSize,
          });
          if (ids.length === 0) break;
          await addChunk(ids);
          afterId = ids[ids.length - 1];
        }
      }
      await store.updateStatusIf(trx, run.id, ['QUEUED'], {
        status: 'RUNNING',
        atMs: nowMs,
        plan: { profilesTotal, chunksTotal: jobs.length },
      });
      await recordAudit(trx, contextOf(run), nowMs, {
        action: 'batch_run.started',
        resourceType: 'batch_run',
        resourceId: run.id,
        changes: {
          status: ['QUEUED', 'RUNNING'],
          profiles_total: [run.progress.profilesTotal, profilesTotal],
        },
      });
      if (jobs.length === 0) await finishRun(trx, store, { runId: run.id, event: 'complete', atMs: nowMs });
      else await deps.queue.send(trx, jobs);
    });
  }

  /**
   * Scores the chunk's next `group` profiles and moves past them, in one transaction; a group that
   * throws rolls back whole and is retried one profile at a time.
   */
  async function step(run: BatchRun, scoring: ChunkScoring, chunkNo: number, group: number): Promise<Step> {
    return withTransaction(db, async (trx) => {
      const chunk = await store.lockChunk(trx, run.id, chunkNo);
      if (!chunk || (await store.findStatus(trx, run.id)) !== 'RUNNING') return { kind: 'stopped' };
      const ids = chunk.profileIds.slice(chunk.position, chunk.position + group);
      if (chunk.status === 'DONE' || ids.length === 0) return { kind: 'done' };
      const total: ProfileCounts = { transactionsScored: 0, signalsCreated: 0, signalsUpdated: 0 };
      let atMs = 0;
      for (const profileId of ids) {
        atMs = clock.nowMs();
        const counts = await scoreBatchProfile(trx, contextOf(run), deps.scoring, {
          profileId,
          request: run.request,
          nowMs: atMs,
          batchRunId: run.id,
          ...scoring,
        });
        total.transactionsScored += counts.transactionsScored;
        total.signalsCreated += counts.signalsCreated;
        total.signalsUpdated += counts.signalsUpdated;
      }
      await store.advanceChunk(trx, run.id, chunkNo, {
        ...total,
        profiles: ids.length,
        errors: 0,
        workedBy: WORKER,
        atMs,
      });
      return { kind: 'scored' };
    });
  }

  /** Counts the chunk's next profile as an error and moves past it (it failed twice in a row). */
  async function skipProfile(run: BatchRun, chunkNo: number, error: unknown): Promise<void> {
    await withTransaction(db, async (trx) => {
      const chunk = await store.lockChunk(trx, run.id, chunkNo);
      const profileId = chunk?.profileIds[chunk.position];
      if (!chunk || chunk.status === 'DONE' || profileId === undefined) return;
      const none: ProfileCounts = { transactionsScored: 0, signalsCreated: 0, signalsUpdated: 0 };
      await store.advanceChunk(trx, run.id, chunkNo, {
        ...none,
        errors: 1,
        lastError: `profile ${profileId}: ${errorMessage(error)}`,
        workedBy: WORKER,
        atMs: clock.nowMs(),
      });
    });
  }

  async function runChunk(runId: string, chunkNo: number, signal: AbortSignal): Promise<void> {
    const started = { wall: performance.now(), cpu: process.cpuUsage(), db: { ...queryTime } };
    const run = await store.findForWork(db, runId);
    const snapshot = await store.findSnapshot(db, runId);
    if (run?.status !== 'RUNNING' || !snapshot) return;
    const scoring: ChunkScoring = {
      settings: snapshot.settings,
      scorer: deps.pool
        ? deps.pool.scorer({ rules: snapshot.rules, settings: snapshot.settings })
        : inProcessScorer({ rules: toEngineRules(snapshot.rules), settings: snapshot.settings }),
    };
    let failures = 0;
    const group = profileGroups();
    for (;;) {
      // Between groups only: a chunk stopped here resumes after its last committed profile.
      if (signal.aborted)
        throw new Error(`chunk ${chunkNo} was stopped before it finished; it resumes later`);
      let outcome: Step;
      const size = failures > 0 ? 1 : group.size;
      const began = performance.now();
      try {
        outcome = await step(run, scoring, chunkNo, size);
        failures = 0;
      } catch (error) {
        // Not the profile's fault: the chunk fails visibly and its retry resumes at this profile.
        if (error instanceof ScoringThreadError) throw error;
        group.failed();
        // A group that failed is retried a profile at a time, so only the failing profile is skipped.
        if (size > 1) {
          failures = 1;
          continue;
        }
        failures += 1;
        // Once more first: the failure may have been the database's, not the profile's.
        if (failures < 2) continue;
        await skipProfile(run, chunkNo, error);
        failures = 0;
        continue;
      }
      if (outcome.kind === 'stopped') return;
      if (outcome.kind === 'done') break;
      group.took(performance.now() - began, size);
      await yieldToEventLoop();
    }
    await withTransaction(db, async (trx) => {
      const atMs = clock.nowMs();
      const counted = await store.finishChunk(trx, runId, chunkNo, atMs);
      if (counted && counted.chunksDone >= counted.chunksTotal)
        await finishRun(trx, store, { runId, event: 'complete', atMs });
    });
    if (deps.onChunkTimed) {
      const cpu = process.cpuUsage(started.cpu);
      const done = await store.findChunkCounts(db, runId, chunkNo);
      deps.onChunkTimed({
        runId,
        chunkNo,
        profiles: done?.profiles ?? 0,
        transactions: done?.transactions ?? 0,
        wallMs: performance.now() - started.wall,
        cpuMs: (cpu.user + cpu.system) / 1000,
        dbMs: queryTime.totalMs - started.db.totalMs,
        statements: queryTime.statements - started.db.statements,
      });
    }
  }

  return {
    plan,
    runChunk,

    /** Marks a run FAILED, visibly, when one of its jobs failed for good. */
    async fail(runId: string, reason: string): Promise<void> {
      await withTransaction(db, (trx) =>
        finishRun(trx, store, { runId, event: 'fail', atMs: clock.nowMs(), reason }),
      );
    },

    /** The last error a chunk recorded, to explain a failure. */
    chunkError: (runId: string, chunkNo: number) => store.findChunkError(db, runId, chunkNo),

    /**
     * Makes sure every unfinished run has its jobs: QUEUED runs their plan, RUNNING runs a job per
     * chunk not done (adding a job that exists changes nothing), and a RUNNING run with no chunk left
     * is completed. Runs on start, so a restart never leaves a run hanging in RUNNING.
     */
    async recover(): Promise<number> {
      await deps.queue.prepare();
      const runs = await store.listUnfinishedIds(db);
      for (const run of runs) {
        await withTransaction(db, async (trx) => {
          if (run.status === 'QUEUED') return deps.queue.send(trx, [planJob(run.id)]);
          const pending = await store.listPendingChunkNos(trx, run.id);
          if (pending.length > 0)
            return deps.queue.send(
              trx,
              pending.map((no) => chunkJob(run.id, no)),
            );
          await finishRun(trx, store, { runId: run.id, event: 'complete', atMs: clock.nowMs() });
          return undefined;
        });
      }
      return runs.length;
    },
  };
}
export type BatchRunner = ReturnType<typeof createBatchRunner>;
