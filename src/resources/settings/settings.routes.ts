import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { errorResponses } from '../../api/schemas.js';
import {
  SettingsResponse,
  toSettingsChanges,
  toSettingsJson,
  UpdateSettingsBody,
} from './settings.schemas.js';
import type { SettingsService } from './settings.service.js';

/** GET/PATCH /settings: the tenant environment's detection settings (api.md §5.8); changes are audited. */
export const settingsRoutes: FastifyPluginAsyncTypebox<{ service: SettingsService }> = (app, { service }) => {
  const tags = ['settings'];

  app.get(
    '/',
    {
      config: { scope: 'rules:read' },
      schema: { tags, summary: 'Detection settings', response: { 200: SettingsResponse, ...errorResponses } },
    },
    async (request) => toSettingsJson(await service.getSettings(callerOf(request))),
  );

  app.patch(
    '/',
    {
      config: { scope: 'rules:write' },
      schema: {
        tags,
        summary: 'Change detection settings',
        body: UpdateSettingsBody,
        response: { 200: SettingsResponse, ...errorResponses },
      },
    },
    async (request) =>
      toSettingsJson(await service.update(callerOf(request), toSettingsChanges(request.body))),
  );
  return Promise.resolve();
};
