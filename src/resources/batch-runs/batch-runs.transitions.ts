import type { TenantContext } from '../../api/context.js';
import { transitionBatchRun } from '../../domain/lifecycle/batch-run-status.js';
import type { Executor } from '../../store/transaction.js';
import { recordAudit } from '../audit-events/audit-events.store.js';
import { recordWebhookEvent } from '../webhooks/webhooks.outbox.js';
import type { BatchRun } from './batch-run.js';
import type { BatchRunsStore } from './batch-runs.store.js';
import { toBatchRunJson } from './batch-runs.schemas.js';

/** The context a run's own changes are recorded under: the caller who created it, and that request. */
export function contextOf(run: BatchRun): TenantContext {
  return {
    tenantId: run.tenantId,
    environment: run.environment,
    actor: run.actor,
    requestId: run.requestId,
  };
}

const ACTIONS = { complete: 'completed', fail: 'failed', cancel: 'cancelled' } as const;

/**
 * Finishes a run in the caller's transaction, if it is not finished yet: the status, its audit
 * event, and for COMPLETED and FAILED the webhook event (api.md §5.8). Returns the finished run, or
 * undefined when the run is missing or the transition is not allowed (it finished meanwhile).
 */
export async function finishRun(
  trx: Executor,
  store: BatchRunsStore,
  args: {
    runId: string;
    event: 'complete' | 'fail' | 'cancel';
    atMs: number;
    reason?: string;
    ctx?: TenantContext;
  },
): Promise<BatchRun | undefined> {
  const run = await store.findForWork(trx, args.runId, { forUpdate: true });
  if (!run) return undefined;
  const outcome = transitionBatchRun(run.status, args.event);
  if (!outcome.ok) return undefined;
  const changed = await store.updateStatusIf(trx, run.id, [run.status], {
    status: outcome.status,
    atMs: args.atMs,
    ...(args.reason === undefined ? {} : { failureReason: args.reason }),
  });
  if (!changed) return undefined;
  const finished: BatchRun = {
    ...run,
    status: outcome.status,
    finishedAtMs: args.atMs,
    failureReason: args.reason ?? run.failureReason,
  };
  const ctx = args.ctx ?? contextOf(run);
  await recordAudit(trx, ctx, args.atMs, {
    action: `batch_run.${ACTIONS[args.event]}`,
    resourceType: 'batch_run',
    resourceId: run.id,
    changes: {
      status: [run.status, outcome.status],
      ...(args.reason === undefined ? {} : { failure_reason: [null, args.reason] }),
    },
  });
  if (args.event !== 'cancel') {
    const type = args.event === 'complete' ? 'batch_run.completed' : 'batch_run.failed';
    await recordWebhookEvent(trx, ctx, type, toBatchRunJson(finished), args.atMs);
  }
  return finished;
}
