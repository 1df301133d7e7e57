import type { FastifyRequest } from 'fastify';
import type { Role } from '../domain/users/roles.js';
import type { Environment, Scope } from '../domain/values/enums.js';

/**
 * Who is calling, named in audit events as the actor: an API key, or an analyst user signed in with a
 * browser session (then `userId` is set and `apiKeyId` is null). A request carries one or the other.
 */
export interface Actor {
  apiKeyId: string | null;
  userId: string | null;
  name: string;
}

/** What every tenant-scoped service call receives: the partition to work in and who asked. */
export interface TenantContext {
  tenantId: string;
  environment: Environment;
  actor: Actor;
  requestId: string;
}

/** The signed-in user behind a session request (README "Users, sessions and roles"). */
export interface CallerUser {
  id: string;
  email: string;
  role: Role;
}

export interface Caller extends TenantContext {
  scopes: readonly Scope[];
  /** Set for a browser-session request, null for an API key. */
  user: CallerUser | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | undefined;
  }
  interface FastifyContextConfig {
    /** The scope a route requires (api.md §2). */
    scope?: Scope;
  }
}

/** The authenticated caller of a /v1 or /sandbox/v1 route (set by the auth plugin before any handler). */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error('route reached without authentication');
  return request.caller;
}
