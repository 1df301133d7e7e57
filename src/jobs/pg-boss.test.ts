import { afterAll, describe, expect, test } from 'vitest';
import { DIALECTS, TEST_POSTGRES_URL } from '../../test/helpers/dialects.js';
import { createDb } from '../store/create-db.js';
import { jobIdOf, PgBossQueue } from './pg-boss.js';
import type { Task } from './queue.js';

const until = async (check: () => boolean) => {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe('jobIdOf()', () => {
  test('derives the same UUID from the same queue and key, and another from another key', () => {
    expect(jobIdOf('q', 'run:1')).toBe(jobIdOf('q', 'run:1'));
    expect(jobIdOf('q', 'run:1')).not.toBe(jobIdOf('q', 'run:2'));
    expect(jobIdOf('q', 'run:1')).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe.runIf(DIALECTS.includes('postgres'))('PgBossQueue', () => {
  const db = createDb(TEST_POSTGRES_URL, { poolSize: 2 });
  const name = `test-${process.pid}`;
  const queue = new PgBossQueue({
    connectionString: TEST_POSTGRES_URL,
    schema: 'vigil_jobs_unit',
    taskNames: [name],
    timeoutSeconds: 5,
    retryLimit: 1,
    supervise: true,
  });
  afterAll(async () => {
    await queue.stop();
    await db.close();
  });

  test('runs a job sent twice with one key once, and sends a failing job to its task’s fail after the retries', async () => {
    const runs: number[] = [];
    const failures: string[] = [];
    const task: Task<{ n: number }> = {
      name,
      parse: (payload) => payload as { n: number },
      run: (payload) => {
        runs.push(payload.n);
        return payload.n < 0 ? Promise.reject(new Error('database unreachable')) : Promise.resolve();
      },
      fail: (payload, reason) => {
        failures.push(`${payload.n}: ${reason}`);
        return Promise.resolve();
      },
    };
    await queue.prepare();
    const job = { task: name, payload: { n: 1 }, key: 'once' };
    await db.kysely.transaction().execute((trx) => queue.send(trx, [job, job]));
    // A job sent in a transaction that rolls back never exists.
    await db.kysely
      .transaction()
      .execute(async (trx) => {
        await queue.send(trx, [{ task: name, payload: { n: 2 }, key: 'rolled-back' }]);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.kysely
      .transaction()
      .execute((trx) => queue.send(trx, [{ task: name, payload: { n: -1 }, key: 'failing' }]));
    await queue.work([task]);
    await until(() => failures.length === 1);
    expect(runs.filter((n) => n === 1)).toEqual([1]);
    expect(runs.filter((n) => n === -1)).toEqual([-1, -1]);
    expect(runs).not.toContain(2);
    expect(failures).toEqual(['-1: failed after 2 attempts (an internal error; see the server log)']);
  }, 30_000);
});
