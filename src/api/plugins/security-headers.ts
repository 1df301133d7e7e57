import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * This route's security headers: helmet options merged over the app's (e.g. its own
     * `contentSecurityPolicy`), or `false` for none. The same shape as @fastify/helmet's route option.
     */
    helmet?: HelmetOptions | false;
  }
}

/**
 * The API's own policy: it serves JSON only, so nothing may load, frame or submit anything. Pages
 * (the /docs reference, the console) set theirs per route.
 */
export const API_HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'none'"],
      'base-uri': ["'none'"],
      'form-action': ["'none'"],
      'frame-ancestors': ["'none'"],
    },
  },
};

type HeaderSet = readonly (readonly [name: string, value: string | null])[];

/** The headers helmet would set for these options, found once by running it against a recorder. */
function headersOf(options: HelmetOptions): HeaderSet {
  const set: [string, string | null][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => set.push([name, value]),
    removeHeader: (name: string) => set.push([name, null]),
  };
  helmet(options)({} as never, recorder as never, () => undefined);
  return set;
}

/**
 * Security headers from helmet (the package @fastify/helmet wraps), computed once per distinct
 * policy at start-up and copied onto each response. @fastify/helmet 13 builds helmet's middleware
 * on every request (measured 10 µs a request here, about 6% of B5's per-request budget); copying
 * precomputed headers costs well under 1 µs. Routes override with `config.helmet` (or the
 * `helmet` route option), which is merged over the app's options as @fastify/helmet does.
 * The Swagger UI under `docsPrefix` keeps the CSP it sets itself (`staticCSP`).
 */
export const securityHeadersPlugin = fp(
  (app: FastifyInstance, { options, docsPrefix }: { options: HelmetOptions; docsPrefix: string }) => {
    const global = headersOf(options);
    const byRoute = new WeakMap<object, HeaderSet>();
    app.addHook('onRoute', (route) => {
      const routeOption = (route as { helmet?: HelmetOptions | false }).helmet;
      let own = routeOption ?? route.config?.helmet;
      if (own === undefined && route.url.startsWith(docsPrefix)) own = { contentSecurityPolicy: false };
      if (own === undefined) return;
      route.config = { ...route.config, helmet: own };
    });
    app.addHook('onRequest', (request, reply, done) => {
      const config = request.routeOptions.config;
      let headers = global;
      if (config.helmet !== undefined) {
        const found = byRoute.get(config);
        if (found) headers = found;
        else {
          headers =
            config.helmet === false ? [] : headersOf({ ...options, ...config.helmet } as HelmetOptions);
          byRoute.set(config, headers);
        }
      }
      const raw = reply.raw;
      for (const [name, value] of headers) {
        if (value === null) raw.removeHeader(name);
        else raw.setHeader(name, value);
      }
      done();
    });
    return Promise.resolve();
  },
  { name: 'security-headers' },
);
