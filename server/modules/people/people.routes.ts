import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';

/** Auth (login/logout/me), people and API tokens. */
export async function peopleRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
