import { parentPort } from 'node:worker_threads';
import { scoreBatchProfileInMemory } from '../batch-profile.js';
import { toEngineRules } from '../profile.js';
import type { ScoreReply, ScoreRequest } from './protocol.js';

// A scoring thread: the pure part of batch scoring (baseline build, engine, raise and group), one
// profile per message; every read and write stays on the main thread (src/scoring/pool/pool.ts).
if (!parentPort) throw new Error('the scoring worker runs as a worker thread');
const port = parentPort;

port.on('message', (request: ScoreRequest) => {
  let reply: ScoreReply;
  try {
    const run = { rules: toEngineRules(request.run.rules), settings: request.run.settings };
    reply = { id: request.id, outcome: scoreBatchProfileInMemory(request.input, run) };
  } catch (error) {
    reply = {
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  port.postMessage(reply);
});
