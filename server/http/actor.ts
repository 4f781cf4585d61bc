import type { FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import type { Actor } from '../access/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook (modules/people/authenticate.ts); null when anonymous. */
    actor: Actor | null;
  }
}

/** First step of every authenticated route: the actor or 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED', 'log in first (session cookie or Bearer token)');
  return request.actor;
}
