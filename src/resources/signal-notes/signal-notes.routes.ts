import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import { SignalParams } from '../signals/signals.schemas.js';
import { AddNoteBody, ListNotesQuery, NotePage, NoteResponse, toNoteJson } from './signal-notes.schemas.js';
import type { SignalNotesService } from './signal-notes.service.js';

/** /signals/{id}/notes (issue 10): there is deliberately no PATCH or DELETE. */
export const signalNotesRoutes: FastifyPluginAsyncTypebox<{ service: SignalNotesService }> = (
  app,
  { service },
) => {
  const tags = ['signals'];

  app.post(
    '/:signal_id/notes',
    {
      config: { scope: 'signals:review' },
      schema: {
        tags,
        summary: 'Add a note to a signal (append-only, audited)',
        params: SignalParams,
        body: AddNoteBody,
        response: { 201: NoteResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const note = await service.add(callerOf(request), request.params.signal_id, request.body.body);
      return reply.code(201).send(toNoteJson(note));
    },
  );

  app.get(
    '/:signal_id/notes',
    {
      config: { scope: 'signals:read' },
      schema: {
        tags,
        summary: "A signal's notes, oldest first",
        params: SignalParams,
        querystring: ListNotesQuery,
        response: { 200: NotePage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const notes = await service.list(callerOf(request), request.params.signal_id, {
        afterId: page.afterId,
        limit: page.fetch,
      });
      return toPage(notes, page, toNoteJson);
    },
  );
  return Promise.resolve();
};
