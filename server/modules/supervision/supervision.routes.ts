import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.ts';
import { spotCheckRoutes } from './spotchecks.routes.ts';
import { accountabilityRoutes } from './accountability.routes.ts';

/** 督导检查 / 责任追究: spot checks, inspections, accountability (docs/supervision.md). */
export async function supervisionRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await spotCheckRoutes(app, ctx);
  await accountabilityRoutes(app, ctx);
}
