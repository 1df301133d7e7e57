import type { FastifyReply } from 'fastify';
import { apiError } from '../errors.js';
import type { RateDecision } from '../rate-limit/token-bucket.js';

export function setRateHeaders(reply: FastifyReply, decision: RateDecision) {
  reply.header('x-ratelimit-limit', decision.limit);
  reply.header('x-ratelimit-remaining', decision.remaining);
  reply.header('x-ratelimit-reset', decision.resetSeconds);
}

export function rateLimited(reply: FastifyReply, decision: RateDecision) {
  reply.header('retry-after', decision.retryAfterSeconds);
  return apiError('RATE_LIMIT_EXCEEDED');
}
