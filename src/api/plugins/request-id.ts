import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The client's X-Request-ID when it is sane, else a new `req_` ID (Fastify's genReqId option): 32 hex
 * digits of a random UUID (request IDs need no time order, and randomUUID draws from a cached pool).
 */
export function requestIdFor(header: string | string[] | undefined): string {
  if (typeof header === 'string' && SANE_REQUEST_ID.test(header)) return header;
  return `req_${randomUUID().replace(/-/g, '')}`;
}

/** Every response, errors and 404s included, carries X-Request-ID. */
export const requestIdPlugin = fp(
  (app: FastifyInstance) => {
    app.addHook('onRequest', (request, reply, done) => {
      reply.header('x-request-id', request.id);
      done();
    });
    return Promise.resolve();
  },
  { name: 'request-id' },
);
