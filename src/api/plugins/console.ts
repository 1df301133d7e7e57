import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** web/dist from src/api/plugins or from the compiled dist/api/plugins: both sit three levels down. */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../../web/dist', import.meta.url));

/**
 * The console's policy: its own origin only, no inline script or style, no framing. React sets
 * styles through the CSSOM (element.style), which style-src does not govern, so charts still draw.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Paths the console never answers: the API, the operator routes and the reference keep their own 404s.
const SERVER_PATHS = /^\/(v1|sandbox|auth|docs|openapi\.json|healthz|readyz|metrics)(\/|$|\?)/;

const NOT_BUILT_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Vigil console not built</title></head>' +
  '<body><h1>The Vigil console has not been built</h1><p>Run <code>npm run build:web</code> ' +
  '(npm ci runs it through the prepare script), then reload.</p></body></html>';

function consoleHeaders(reply: FastifyReply) {
  reply.header('content-security-policy', CONSOLE_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
}

export interface ConsoleOptions {
  /** The Vite build output (index.html and assets/). */
  dir?: string;
}

/**
 * Serves the analyst console at `/`: hashed files under /assets/ cached for a year (their names
 * change with their content), index.html never cached, and every other GET outside the server's own
 * paths answered with index.html so client routes survive a reload.
 */
export const consolePlugin = fp(
  async (app: FastifyInstance, options: ConsoleOptions) => {
    const dir = options.dir ?? DEFAULT_CONSOLE_DIR;
    const built = existsSync(`${dir}/index.html`);
    if (built) {
      await app.register(fastifyStatic, {
        root: dir,
        prefix: '/',
        wildcard: false,
        index: false,
        // Our own Cache-Control per file (below); send's default would overwrite it.
        cacheControl: false,
        setHeaders: (res, path) => {
          res.setHeader('content-security-policy', CONSOLE_CSP);
          res.setHeader('x-content-type-options', 'nosniff');
          res.setHeader(
            'cache-control',
            /[/\\]assets[/\\]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
          );
        },
      });
    }
    const sendIndex = (request: FastifyRequest, reply: FastifyReply) => {
      // A missing hashed file is a 404, not the app: the browser would run HTML as a script.
      if (SERVER_PATHS.test(request.url) || request.url.startsWith('/assets/')) {
        reply.callNotFound();
        return reply;
      }
      consoleHeaders(reply);
      reply.header('cache-control', 'no-cache');
      if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE);
      return reply.sendFile('index.html', dir);
    };
    app.get('/', { schema: { hide: true } }, sendIndex);
    app.get('/*', { schema: { hide: true } }, sendIndex);
  },
  { name: 'console', dependencies: ['errors'] },
);
