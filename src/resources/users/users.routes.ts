import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { callerOf } from '../../api/context.js';
import { apiError } from '../../api/errors.js';
import { pageRequest, toPage } from '../../api/pagination.js';
import { errorResponses } from '../../api/schemas.js';
import {
  CreatedUserResponse,
  CreateUserBody,
  ListUsersQuery,
  PatchUserBody,
  toUserJson,
  UserPage,
  UserParams,
  UserResponse,
} from './users.schemas.js';
import type { UsersService } from './users.service.js';

/** Analyst users of the caller's tenant (scope users:manage). Users are per tenant: both bases show the same. */
export const usersRoutes: FastifyPluginAsyncTypebox<{ service: UsersService }> = (app, { service }) => {
  const config = { scope: 'users:manage' } as const;
  const tags = ['users'];

  app.get(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'List users, newest first',
        querystring: ListUsersQuery,
        response: { 200: UserPage, ...errorResponses },
      },
    },
    async (request) => {
      const page = pageRequest(request.query);
      const users = await service.list(callerOf(request).tenantId, {
        afterId: page.afterId,
        limit: page.fetch,
      });
      return toPage(users, page, toUserJson);
    },
  );

  app.post(
    '/',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user (the one-time password is shown once)',
        body: CreateUserBody,
        response: { 201: CreatedUserResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const { user, oneTimePassword } = await service.create(caller, request.body, caller);
      return reply.code(201).send({ ...toUserJson(user), one_time_password: oneTimePassword });
    },
  );

  app.get(
    '/:user_id',
    {
      config,
      schema: {
        tags,
        summary: 'Get a user',
        params: UserParams,
        response: { 200: UserResponse, ...errorResponses },
      },
    },
    async (request) => toUserJson(await service.get(callerOf(request).tenantId, request.params.user_id)),
  );

  app.patch(
    '/:user_id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a user’s role or status; DISABLED ends their sessions at once',
        params: UserParams,
        body: PatchUserBody,
        response: { 200: UserResponse, ...errorResponses },
      },
    },
    async (request) => {
      if (request.body.role === undefined && request.body.status === undefined)
        throw apiError('VALIDATION_ERROR', 'role or status is required');
      return toUserJson(await service.update(callerOf(request), request.params.user_id, request.body));
    },
  );
  app.post(
    '/:user_id/reset-password',
    {
      config,
      schema: {
        tags,
        summary: "Replace a user's password with a new one-time password (shown once); ends their sessions",
        params: UserParams,
        response: { 200: CreatedUserResponse, ...errorResponses },
      },
    },
    async (request) => {
      const { user, oneTimePassword } = await service.resetPassword(
        callerOf(request),
        request.params.user_id,
      );
      return { ...toUserJson(user), one_time_password: oneTimePassword };
    },
  );
  return Promise.resolve();
};
