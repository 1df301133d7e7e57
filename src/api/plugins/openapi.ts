import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { RULE_TYPE_DEFINITIONS } from '../../domain/detection/rules/index.js';

type PathItems = Record<string, Record<string, unknown>>;

/**
 * Both bases serve the same routes, so the document lists each once, without its base, and names
 * the two bases as servers; operator routes (health, metrics) override the servers with the root.
 */
function documentOnce(paths: PathItems): PathItems {
  const out: PathItems = {};
  for (const [rawPath, item] of Object.entries(paths)) {
    if (rawPath.startsWith('/sandbox/v1')) continue;
    // A resource's collection route is registered as '/' under its prefix; document it without the slash.
    const path = rawPath.length > 1 ? rawPath.replace(/\/$/, '') : rawPath;
    if (path.startsWith('/v1/')) out[path.slice(3)] = item;
    else if (path.startsWith('/auth/'))
      out[path] = { ...item, servers: [{ url: '/', description: 'browser sign-in (session cookie)' }] };
    else out[path] = { ...item, servers: [{ url: '/', description: 'operator routes, no authentication' }] };
  }
  return out;
}

/** Each rule_type's parameter schema as a named component, e.g. `VELOCITYParameters` (api.md §5.5). */
function ruleParameterSchemas(): Record<string, object> {
  return Object.fromEntries(
    Object.entries(RULE_TYPE_DEFINITIONS).map(([type, definition]) => [
      `${type}Parameters`,
      { ...definition.parameters, description: `parameters of a ${type} rule` },
    ]),
  );
}

/** GET /openapi.json (OpenAPI 3.1 from the same schemas that validate requests) and GET /docs. */
export const openapiPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Vigil API',
          version: '1.0.0',
          description:
            'Detects financial exploitation of older customers. Every request carries `Authorization: Bearer <key>` and ' +
            '`X-Tenant-ID`. Production (`vgl_live_` keys) is served under /v1, the sandbox (`vgl_test_` keys) under ' +
            '/sandbox/v1 with the same routes and separate data. Errors always have the shape of the `Error` schema. ' +
            'A browser signed in with POST /auth/login sends the `vigil_session` cookie instead (X-Tenant-ID optional), ' +
            'and `X-CSRF-Token` on every POST, PATCH, PUT and DELETE; never both a key and a cookie.',
        },
        servers: [
          { url: '/v1', description: 'production' },
          { url: '/sandbox/v1', description: 'sandbox' },
        ],
        components: {
          securitySchemes: {
            apiKey: { type: 'http', scheme: 'bearer', description: 'vgl_live_... or vgl_test_...' },
            tenant: { type: 'apiKey', in: 'header', name: 'X-Tenant-ID' },
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'vigil_session',
              description: 'Set by POST /auth/login: HttpOnly, SameSite=Strict, Secure over TLS; opaque',
            },
            csrf: {
              type: 'apiKey',
              in: 'header',
              name: 'X-CSRF-Token',
              description:
                "The session's csrf_token; required with the cookie on POST, PATCH, PUT and DELETE",
            },
          },
        },
        security: [
          { apiKey: [], tenant: [] },
          { session: [], csrf: [] },
        ],
      },
      transformObject: (documentObject) => {
        const doc = (
          documentObject as { openapiObject: { paths?: PathItems; components?: { schemas?: object } } }
        ).openapiObject;
        return {
          ...doc,
          paths: documentOnce(doc.paths ?? {}),
          components: {
            ...doc.components,
            schemas: { ...doc.components?.schemas, ...ruleParameterSchemas() },
          },
        };
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: { docExpansion: 'list', deepLinking: true },
    });
    app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  },
  { name: 'openapi' },
);
