import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { DIALECTS } from '../../test/helpers/dialects.js';
import { systemClock } from '../lib/clock.js';
import { createDb, type Db } from '../store/create-db.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { LocalQueue } from './local.js';
import type { Task } from './queue.js';

const until = async (check: () => boolean | Promise<boolean>) => {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

function recordingTask(run: (payload: { n: number }) => Promise<void>) {
  const calls = { runs: [] as number[], failures: [] as string[] };
  const task: Task<{ n: number }> = {
    name: 'test-task',
    parse: (payload) => payload as { n: number },
    run: async (payload) => {
      calls.runs.push(payload.n);
      await run(payload);
    },
    fail: (_payload, reason) => {
      calls.failures.push(reason);
      return Promise.resolve();
    },
  };
  return { task, calls };
}

describe.runIf(DIALECTS.includes('sqlite'))('LocalQueue', () => {
  let db: Db | undefined;
  let queue: LocalQueue | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'vigil-local-queue-'));
  const open = async (name: string) => {
    db = createDb(`file:${join(dir, `${name}.db`)}`);
    await migrateToLatest(db.kysely);
    queue = new LocalQueue(db.kysely, { clock: systemClock, retryLimit: 2, retryDelayMs: 1, pollMs: 10 });
    return { db, queue };
  };
  afterEach(async () => {
    await queue?.stop();
    await db?.close();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('runs a job once however often it is sent with the same key', async () => {
    const { db, queue } = await open('once');
    const { task, calls } = recordingTask(() => Promise.resolve());
    const job = { task: task.name, payload: { n: 1 }, key: 'k-1' };
    await db.kysely.transaction().execute((trx) => queue.send(trx, [job, job]));
    await queue.work([task]);
    await until(() => calls.runs.length === 1);
    await db.kysely.transaction().execute((trx) => queue.send(trx, [{ ...job, payload: { n: 2 } }]));
    await until(() => calls.runs.length === 2);
    expect(calls.runs).toEqual([1, 2]);
  });

  test('retries a failing job, then calls its task’s fail once with the cause', async () => {
    const { db, queue } = await open('retries');
    const { task, calls } = recordingTask(() => Promise.reject(new Error('database unreachable')));
    await db.kysely
      .transaction()
      .execute((trx) => queue.send(trx, [{ task: task.name, payload: { n: 7 }, key: 'k' }]));
    await queue.work([task]);
    await until(() => calls.failures.length === 1);
    expect(calls.runs).toEqual([7, 7, 7]);
    // The reason is shown to API clients (failure_reason): generic; the error itself is logged.
    expect(calls.failures).toEqual(['failed after 3 attempts (an internal error; see the server log)']);
    await until(async () => (await db.kysely.selectFrom('local_jobs').select('id').execute()).length === 0);
  });

  test('runs a job left ACTIVE by a crash again when work starts', async () => {
    const { db, queue } = await open('crash');
    const { task, calls } = recordingTask(() => Promise.resolve());
    await db.kysely
      .transaction()
      .execute((trx) => queue.send(trx, [{ task: task.name, payload: { n: 3 }, key: 'k' }]));
    await db.kysely.updateTable('local_jobs').set({ state: 'ACTIVE', attempts: 1 }).execute();
    await queue.work([task]);
    await until(() => calls.runs.length === 1);
    expect(calls.failures).toEqual([]);
  });

  test('gives up on a job that stopped the process every time it ran, without running it again', async () => {
    const { db, queue } = await open('crash-loop');
    const { task, calls } = recordingTask(() => Promise.resolve());
    await db.kysely
      .transaction()
      .execute((trx) => queue.send(trx, [{ task: task.name, payload: { n: 4 }, key: 'k' }]));
    // Three starts (retryLimit 2 + 1), each counted before it ran, none finished: three crashes.
    await db.kysely.updateTable('local_jobs').set({ state: 'ACTIVE', attempts: 3 }).execute();
    await queue.work([task]);
    await until(() => calls.failures.length === 1);
    expect(calls.runs).toEqual([]);
    expect(calls.failures).toEqual([
      'did not finish in 3 attempts (the process stopped while running it); given up',
    ]);
    await until(async () => (await db.kysely.selectFrom('local_jobs').select('id').execute()).length === 0);
  });
});
