import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { WebhooksService } from './webhooks.service.js';
import {
  CreatedWebhookResponse,
  CreateWebhookBody,
  ListWebhooksQuery,
  toWebhookDeliveryJson,
  toWebhookJson,
  UpdateWebhookBody,
  WebhookDeliveryPage,
  WebhookPage,
  WebhookParams,
  WebhookResponse,
} from './webhooks.schemas.js';

/** Webhook endpoints and their delivery log (api.md §5.8). */
export const webhooksRoutes: FastifyPluginAsyncTypebox<{ service: WebhooksService }> = (app, { service }) => {
  const config = { scope: 'webhooks:manage' } as const;
  const tags = ['webhooks'];

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'List webhook endpoints',
        querystring: ListWebhooksQuery,
        response: { 200: WebhookPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const webhooks = await service.list(callerOf(request), { afterId: page.afterId, limit: page.fetch });
      return toPage(webhooks, page, toWebhookJson);
    },
  );

  app.post(
    '/',
    {
      config: { ...config, secretFields: ['secret'] },
      schema: {
        tags,
        summary: 'Create a webhook endpoint (its signing secret is shown once)',
        body: CreateWebhookBody,
        response: { 201: CreatedWebhookResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { url, events, description, enabled } = request.body;
      const { webhook, secret } = await service.create(callerOf(request), {
        url,
        events,
        description: description ?? null,
        enabled: enabled ?? true,
      });
      return reply.code(201).send({ ...toWebhookJson(webhook), secret });
    },
  );

  app.get(
    '/:webhook_id',
    {
      config,
      schema: {
        tags,
        summary: 'Get a webhook endpoint',
        params: WebhookParams,
        response: { 200: WebhookResponse, ...errorResponses },
      },
    },
    async (request) => toWebhookJson(await service.get(callerOf(request), request.params.webhook_id)),
  );

  app.patch(
    '/:webhook_id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a webhook endpoint',
        params: WebhookParams,
        body: UpdateWebhookBody,
        response: { 200: WebhookResponse, ...errorResponses },
      },
    },
    async (request) =>
      toWebhookJson(await service.update(callerOf(request), request.params.webhook_id, request.body)),
  );

  app.delete(
    '/:webhook_id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its pending deliveries',
        params: WebhookParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.webhook_id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/:webhook_id/deliveries',
    {
      config,
      schema: {
        tags,
        summary: "The endpoint's delivery attempts, newest first",
        params: WebhookParams,
        querystring: ListWebhooksQuery,
        response: { 200: WebhookDeliveryPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const deliveries = await service.deliveries(callerOf(request), request.params.webhook_id, {
        afterId: page.afterId,
        limit: page.fetch,
      });
      return toPage(deliveries, page, toWebhookDeliveryJson);
    },
  );
  return Promise.resolve();
};
