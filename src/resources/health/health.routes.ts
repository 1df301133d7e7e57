import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql, type Kysely } from 'kysely';
import { Type } from 'typebox';
import { apiError } from '../../api/errors.js';
import { errorResponses } from '../../api/schemas.js';
import type { Metrics } from '../../lib/metrics.js';
import { sameSecret } from '../../lib/api-key-token.js';
import type { Database } from '../../store/database.js';

const Status = Type.Object({ status: Type.String() });

/** Unauthenticated operator routes (api.md §1): liveness, readiness, Prometheus metrics. */
export const healthRoutes: FastifyPluginAsyncTypebox<{
  db: Kysely<Database>;
  metrics: Metrics;
  metricsToken: string | undefined;
}> = (app, { db, metrics, metricsToken }) => {
  const tags = ['operations'];
  app.get(
    '/healthz',
    { schema: { tags, summary: 'The process is alive', response: { 200: Status } } },
    () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    { schema: { tags, summary: 'The database answers', response: { 200: Status, 503: Status } } },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(db);
        return { status: 'ready' };
      } catch {
        return reply.code(503).send({ status: 'database unreachable' });
      }
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags,
        summary: 'Prometheus metrics (Bearer METRICS_TOKEN when the operator set one)',
        response: { 200: Type.String({ description: 'Prometheus text format' }), 401: errorResponses[401] },
      },
    },
    async (request, reply) => {
      if (
        metricsToken !== undefined &&
        !sameSecret(request.headers.authorization ?? '', `Bearer ${metricsToken}`)
      ) {
        throw apiError('UNAUTHORIZED', 'invalid metrics token');
      }
      return reply.type(metrics.contentType).send(await metrics.render());
    },
  );
  return Promise.resolve();
};
