import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';

/** Bulletins (安保日报/周报) and after-action reviews (docs/reports.md). */
export async function reportRoutes(_app: FastifyInstance, _ctx: AppContext): Promise<void> {}
