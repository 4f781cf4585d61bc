import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Actor } from '../access/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook (modules/people/authenticate.ts); null when anonymous. */
    actor: Actor | null;
    /** How the actor was authenticated (set with actor): the session (its stored id) or an API token and its scope. */
    credential: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string; scope: 'read' | 'write' } | null;
  }
}

/** First step of every authenticated route: the actor or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  return request.actor;
}
