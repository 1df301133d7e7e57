import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerOf } from '../../api/context.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import type { ProfilesService } from './profiles.service.js';
import {
  CreateProfileBody,
  ListProfilesQuery,
  ProfilePage,
  ProfileParams,
  ProfileResponse,
  toProfileInput,
  toProfileJson,
  toProfilePatch,
  UpdateProfileBody,
} from './profiles.schemas.js';

export const profilesRoutes: FastifyPluginAsyncTypebox<{ service: ProfilesService }> = (app, { service }) => {
  const read = { scope: 'profiles:read' } as const;
  const write = { scope: 'profiles:write' } as const;
  const tags = ['profiles'];

  app.post(
    '/',
    {
      config: write,
      schema: {
        tags,
        summary: 'Enroll a customer',
        body: CreateProfileBody,
        response: { 201: ProfileResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const profile = await service.create(callerOf(request), toProfileInput(request.body));
      return reply.code(201).send(toProfileJson(profile));
    },
  );

  app.get(
    '/',
    {
      config: read,
      schema: {
        tags,
        summary: 'List profiles, newest first',
        querystring: ListProfilesQuery,
        response: { 200: ProfilePage, ...errorResponses },
      },
    },
    async (request) => {
      const { status, customer_id, risk_level, enrollment_reason } = request.query;
      const page = pageRequest(request.query);
      const profiles = await service.list(
        callerOf(request),
        { status, customerId: customer_id, riskLevel: risk_level, enrollmentReason: enrollment_reason },
        { afterId: page.afterId, limit: page.fetch },
      );
      return toPage(profiles, page, toProfileJson);
    },
  );

  app.get(
    '/:profile_id',
    {
      config: read,
      schema: {
        tags,
        summary: 'Get a profile',
        params: ProfileParams,
        response: { 200: ProfileResponse, ...errorResponses },
      },
    },
    async (request) => toProfileJson(await service.get(callerOf(request), request.params.profile_id)),
  );

  app.patch(
    '/:profile_id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Change a profile or its status',
        params: ProfileParams,
        body: UpdateProfileBody,
        response: { 200: ProfileResponse, ...errorResponses },
      },
    },
    async (request) =>
      toProfileJson(
        await service.update(callerOf(request), request.params.profile_id, toProfilePatch(request.body)),
      ),
  );

  app.delete(
    '/:profile_id',
    {
      config: write,
      schema: {
        tags,
        summary: 'Erase a profile and everything under it',
        params: ProfileParams,
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await service.remove(callerOf(request), request.params.profile_id);
      return reply.code(204).send(null);
    },
  );
  return Promise.resolve();
};
