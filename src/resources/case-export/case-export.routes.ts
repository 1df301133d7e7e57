import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { errorResponses } from '../../api/schemas.js';
import { SignalParams } from '../signals/signals.schemas.js';
import { renderCaseHtml } from './case-export.html.js';
import { CaseExportResponse, toCaseExportJson } from './case-export.schemas.js';
import type { CaseExportService } from './case-export.service.js';

// A case file must not linger in caches, and the page may load nothing from anywhere.
const PRIVATE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** GET /signals/{id}/export and /export.html (issue 10): the evidence of a case for a SAR. */
export const caseExportRoutes: FastifyPluginAsyncTypebox<{ service: CaseExportService }> = (
  app,
  { service },
) => {
  const config = { scope: 'signals:read' } as const;
  const tags = ['signals'];

  app.get(
    '/:signal_id/export',
    {
      config,
      schema: {
        tags,
        summary: 'Case export for a Suspicious Activity Report (JSON; production only; audited)',
        params: SignalParams,
        response: { 200: CaseExportResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const built = await service.build(callerOf(request), request.params.signal_id, 'json');
      return reply.headers(PRIVATE_HEADERS).send(toCaseExportJson(built));
    },
  );

  app.get(
    '/:signal_id/export.html',
    {
      config,
      schema: {
        tags,
        summary: 'Case export as a self-contained printable page (production only; audited)',
        params: SignalParams,
        response: {
          200: {
            description: 'A printable HTML page marked CONFIDENTIAL',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const built = await service.build(callerOf(request), request.params.signal_id, 'html');
      return reply
        .headers({ ...PRIVATE_HEADERS, 'content-security-policy': PAGE_CSP })
        .type('text/html; charset=utf-8')
        .send(renderCaseHtml(toCaseExportJson(built)));
    },
  );
  return Promise.resolve();
};
