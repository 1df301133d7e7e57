import { parentPort, workerData } from 'node:worker_threads';

// A scoring thread that dies on its first message, once per flag (a SharedArrayBuffer the test
// passes as workerData): the pool's replacement thread then scores for real.
const flag = new Int32Array(workerData as SharedArrayBuffer);
if (Atomics.compareExchange(flag, 0, 0, 1) === 0) {
  parentPort?.once('message', () => process.exit(7));
} else {
  await import('../../src/scoring/pool/worker.js');
}
