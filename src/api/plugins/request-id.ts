import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { newId } from '../../lib/ids.js';

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The client's X-Request-ID when it is sane, else a new `req_` ID (Fastify's genReqId option). */
export function requestIdFor(header: string | string[] | undefined): string {
  if (typeof header === 'string' && SANE_REQUEST_ID.test(header)) return header;
  return `req_${newId().replace(/-/g, '')}`;
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
