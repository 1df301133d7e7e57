import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { ApiKeysService } from './api-keys.service.js';
import {
  ApiKeyPage,
  ApiKeyParams,
  CreateApiKeyBody,
  CreatedApiKeyResponse,
  ListApiKeysQuery,
  toApiKeyJson,
  toNewApiKey,
} from './api-keys.schemas.js';

export const apiKeysRoutes: FastifyPluginAsyncTypebox<{ service: ApiKeysService }> = (app, { service }) => {
  const config = { scope: 'api_keys:manage' } as const;
  const tags = ['api-keys'];

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'List API keys',
        querystring: ListApiKeysQuery,
        response: { 200: ApiKeyPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const keys = await service.list(callerOf(request), { afterId: page.afterId, limit: page.fetch });
      return toPage(keys, page, toApiKeyJson);
    },
  );

  app.post(
    '/',
    {
      config: { ...config, secretFields: ['key'] },
      schema: {
        tags,
        summary: 'Create an API key (the key is shown once)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeyResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { apiKey, key } = await service.create(callerOf(request), toNewApiKey(request.body));
      return reply.code(201).send({ ...toApiKeyJson(apiKey), key });
    },
  );

  app.delete(
    '/:api_key_id',
    {
      config,
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: ApiKeyParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.revoke(callerOf(request), request.params.api_key_id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
