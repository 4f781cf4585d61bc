import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';

/** Territory: nodes, grid profile, public locate. */
export async function territoryRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
