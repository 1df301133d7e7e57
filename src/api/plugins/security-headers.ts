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
    /** Set by the security-headers plugin: this route's security headers go into the reply headers. */
    securityHeadersViaReply?: true;
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

/** Where a route's security headers go: Fastify's reply headers, or Node's response directly. */
interface RouteHeaders {
  readonly set: HeaderSet;
  /** The same set with lower-case names and no removals, for Fastify's reply headers. */
  readonly lowerCased: readonly (readonly [name: string, value: string])[];
}

function routeHeaders(set: HeaderSet): RouteHeaders {
  const lowerCased: [string, string][] = [];
  for (const [name, value] of set) if (value !== null) lowerCased.push([name.toLowerCase(), value]);
  return { set, lowerCased };
}

/**
 * Security headers from helmet (the package @fastify/helmet wraps), computed once per distinct
 * policy at start-up and copied onto each response. @fastify/helmet 13 builds helmet's middleware
 * on every request (measured 10 µs a request here, about 6% of B5's per-request budget); copying
 * precomputed headers costs well under 1 µs. Routes override with `config.helmet` (or the
 * `helmet` route option), which is merged over the app's options as @fastify/helmet does.
 * The Swagger UI under `docsPrefix` keeps the CSP it sets itself (`staticCSP`).
 *
 * Under `replyHeadersUnder` (the JSON API, whose routes never touch Node's response headers) the
 * headers go into Fastify's reply headers. A single header set on Node's response makes Node take
 * its slow path at writeHead: every one of Fastify's reply headers (request ID, rate limit,
 * content type and length) then goes through `setHeader` one by one, on top of the validation
 * writeHead does anyway. Elsewhere they go onto Node's response as before, so that a route which
 * sets its own there (the console's static files, through @fastify/static's `setHeaders`) still
 * wins over the app's policy.
 */
export const securityHeadersPlugin = fp(
  (
    app: FastifyInstance,
    {
      options,
      docsPrefix,
      replyHeadersUnder = [],
    }: { options: HelmetOptions; docsPrefix: string; replyHeadersUnder?: readonly string[] },
  ) => {
    const global = routeHeaders(headersOf(options));
    const byRoute = new WeakMap<object, RouteHeaders>();
    app.addHook('onRoute', (route) => {
      const routeOption = (route as { helmet?: HelmetOptions | false }).helmet;
      let own = routeOption ?? route.config?.helmet;
      if (own === undefined && route.url.startsWith(docsPrefix)) own = { contentSecurityPolicy: false };
      const viaReply = replyHeadersUnder.some((prefix) => route.url.startsWith(prefix));
      if (own === undefined && !viaReply) return;
      route.config = {
        ...route.config,
        ...(own === undefined ? {} : { helmet: own }),
        ...(viaReply ? { securityHeadersViaReply: true as const } : {}),
      };
    });
    app.addHook('onRequest', (request, reply, done) => {
      const config = request.routeOptions.config;
      let headers = global;
      if (config.helmet !== undefined) {
        const found = byRoute.get(config);
        if (found) headers = found;
        else {
          headers = routeHeaders(
            config.helmet === false ? [] : headersOf({ ...options, ...config.helmet } as HelmetOptions),
          );
          byRoute.set(config, headers);
        }
      }
      if (config.securityHeadersViaReply === true) {
        // Reply headers start empty, so helmet's removals have nothing to remove here.
        for (const [name, value] of headers.lowerCased) reply.header(name, value);
      } else {
        const raw = reply.raw;
        for (const [name, value] of headers.set) {
          if (value === null) raw.removeHeader(name);
          else raw.setHeader(name, value);
        }
      }
      done();
    });
    return Promise.resolve();
  },
  { name: 'security-headers' },
);
