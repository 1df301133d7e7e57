import Fastify from 'fastify';
import { Writable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { lazyRequestLogger } from './lazy-request-logger.js';

// The lazy request logger must write exactly the lines, with exactly the bindings, that Fastify's
// eager pino child writes: compared here on the same requests at two levels.

async function linesOf(level: string, lazy: boolean) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  const app = Fastify({
    logger: { level, stream },
    genReqId: () => 'req_fixed',
    ...(lazy ? { childLoggerFactory: lazyRequestLogger } : {}),
  });
  app.get('/quiet', () => ({ ok: true }));
  app.get('/warns', (request) => {
    request.log.warn({ detail: 1 }, 'careful');
    request.log.info('only at info');
    request.log.child({ step: 'inner' }).warn('nested');
    return { ok: true };
  });
  app.get('/fails', () => {
    throw new Error('boom');
  });
  await app.ready();
  for (const url of ['/quiet', '/warns', '/fails']) await app.inject({ url });
  await app.close();
  return lines.map(({ time: _time, pid: _pid, hostname: _host, responseTime: _rt, ...rest }) => {
    // Stack traces and response times differ between runs; the rest must not.
    const err = rest.err as { stack?: string } | undefined;
    if (err) delete err.stack;
    return rest;
  });
}

describe('lazy request logger', () => {
  test.each(['warn', 'info'])('at level %s it writes the same lines as the eager child', async (level) => {
    const eager = await linesOf(level, false);
    const lazy = await linesOf(level, true);
    expect(lazy).toEqual(eager);
    expect(eager.some((l) => l.msg === 'careful' && l.reqId === 'req_fixed' && l.detail === 1)).toBe(true);
    expect(eager.some((l) => l.msg === 'nested' && l.step === 'inner' && l.reqId === 'req_fixed')).toBe(true);
    expect(eager.some((l) => l.msg === 'only at info')).toBe(level === 'info');
  });

  test('with logging off (logger: false) requests are served', async () => {
    const app = Fastify({ logger: false, childLoggerFactory: lazyRequestLogger });
    app.get('/', (request) => {
      request.log.warn('nowhere');
      return { ok: true };
    });
    expect((await app.inject({ url: '/' })).statusCode).toBe(200);
    await app.close();
  });

  test('a route with its own log level gets an eager child at that level', () => {
    const logged: unknown[] = [];
    const parent = {
      isLevelEnabled: () => true,
      child: (bindings: unknown, options: unknown) => {
        logged.push([bindings, options]);
        return { marker: 'eager' };
      },
    };
    const child = lazyRequestLogger(parent as never, { reqId: 'r' }, { level: 'debug' });
    expect(child).toEqual({ marker: 'eager' });
    expect(logged).toEqual([[{ reqId: 'r' }, { level: 'debug' }]]);
  });
});
