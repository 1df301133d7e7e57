import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError, apiError, toErrorBody } from '../errors.js';
import { toValidationError } from '../validation.js';

const FASTIFY_CODES: Record<string, () => ApiError> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => apiError('UNSUPPORTED_MEDIA_TYPE'),
  FST_ERR_CTP_BODY_TOO_LARGE: () => apiError('PAYLOAD_TOO_LARGE'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () =>
    apiError('VALIDATION_ERROR', 'Content-Length does not match the body'),
  FST_ERR_CTP_EMPTY_JSON_BODY: () => apiError('VALIDATION_ERROR', 'request body is not valid JSON'),
  FST_ERR_CTP_INVALID_JSON_BODY: () => apiError('VALIDATION_ERROR', 'request body is not valid JSON'),
};

function toApiError(error: FastifyError, request: FastifyRequest): ApiError | undefined {
  if (error instanceof ApiError) return error;
  if (error.validation) {
    const part = error.validationContext ?? 'body';
    const schemaPart = part === 'querystring' ? 'querystring' : part;
    const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[schemaPart];
    return toValidationError(error.validation as never, part, schema);
  }
  const known = FASTIFY_CODES[error.code];
  if (known) return known();
  // Body parse failures from the JSON parser come as SyntaxError with status 400.
  if (error instanceof SyntaxError && error.statusCode === 400)
    return apiError('VALIDATION_ERROR', 'request body is not valid JSON');
  return undefined;
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any hook runs (a path
 * parameter over maxParamLength, a malformed percent-escape). Without it Fastify answers them in
 * its own shape (414 and 400 with `statusCode`); with it they leave in the api.md §3 shape like the rest.
 */
export function frameworkErrorReply(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const apiErr =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? apiError('VALIDATION_ERROR', 'path parameter too long')
      : error.code === 'FST_ERR_BAD_URL'
        ? apiError('VALIDATION_ERROR', 'URL is not valid: bad percent-encoding')
        : (toApiError(error, request) ?? apiError('INTERNAL_ERROR'));
  if (apiErr.status >= 500) request.log.error({ err: error }, 'unexpected framework error');
  // The request-ID hook has not run for these: set the header here.
  void reply
    .code(apiErr.status)
    .header('x-request-id', request.id)
    .type('application/json')
    .send(toErrorBody(apiErr, request.id));
}

/** One error handler for every layer: each failure leaves in the api.md §3 shape, nothing else leaks. */
export const errorsPlugin = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const known = toApiError(error, request);
      if (!known) request.log.error({ err: error }, 'unexpected error');
      const apiErr = known ?? apiError('INTERNAL_ERROR');
      return reply.code(apiErr.status).type('application/json').send(toErrorBody(apiErr, request.id));
    });
    app.setNotFoundHandler((request, reply) =>
      reply
        .code(404)
        .type('application/json')
        .send(toErrorBody(apiError('NOT_FOUND', 'route not found'), request.id)),
    );
    return Promise.resolve();
  },
  { name: 'errors' },
);
